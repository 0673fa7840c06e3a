/**
 * The demo month every entry shows by default: the one `pnpm dev` loads into the admin app, and the
 * one `pnpm hotline demo` writes for the README's auditor's check — so a newcomer who replays the
 * file sees the bill the app shows, not another October.
 */
export const DEMO_DEFAULTS = {
  month: '2026-10',
  seed: 42,
  /** 1 is a full month of a mid-size city (~50,000 records); a quarter of it loads in seconds. */
  scale: 0.25,
} as const
