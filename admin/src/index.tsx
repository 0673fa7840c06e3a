/** Entry: query client, i18n, app. */
import { QueryClient, QueryClientProvider } from '@tanstack/solid-query'
import { render } from 'solid-js/web'
import { App } from './App'
import { I18nProvider } from './i18n'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('#root missing from index.html')

const queryClient = new QueryClient({ defaultOptions: { queries: { staleTime: 30_000 } } })

render(
  () => (
    <QueryClientProvider client={queryClient}>
      <I18nProvider>
        <App />
      </I18nProvider>
    </QueryClientProvider>
  ),
  root,
)
