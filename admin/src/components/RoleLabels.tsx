/**
 * The signed-in user's roles in the chosen language (`ROLE_LABELS`). Loaded on demand by the
 * shell: `@hotline/domain` comes with zod, which the entry chunk does without.
 */
import { ROLE_LABELS, type Role } from '@hotline/domain'
import { useI18n } from '../i18n'

export default function RoleLabels(props: { roles: readonly Role[] }) {
  const { locale } = useI18n()
  const zh = () => locale() === 'zh-CN'
  return <>{props.roles.map((role) => ROLE_LABELS[role][zh() ? 'zh' : 'en']).join(zh() ? '、' : ', ')}</>
}
