/**
 * Component-test setup: pages are lazy chunks, and their first import in a cold test run
 * (CI: two cores) can take longer than testing-library's default second.
 */
import { configure } from '@solidjs/testing-library'

configure({ asyncUtilTimeout: 5_000 })
