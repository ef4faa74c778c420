/**
 * Is a link a way into an online meeting (a video or audio conference), rather than a web
 * page about it? Meeting Guide's `conference_url` is for the former only: apps show it as
 * a "join" button. An intergroup's page for the meeting, a Facebook group or a Google Drive
 * folder is the meeting's `url`. Pure.
 */
const CONFERENCE_HOSTS = [
  'zoom.us', 'zoom.com', 'zoomgov.com', 'meet.google.com', 'teams.microsoft.com', 'teams.live.com', 'webex.com', 'discord.gg', 'discord.com',
  'whereby.com', 'meet.jit.si', 'gotomeeting.com', 'gotomeet.me', 'join.skype.com', 'bluejeans.com', 'freeconferencecall.com', 'chime.aws',
  'meet.goto.com', 'signal.group', 'join.freeconferencecall.com',
];

export function isConferenceUrl(url: string | null | undefined): boolean {
  if (!url) return false;
  let host: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:' && u.protocol !== 'http:') return false;
    host = u.hostname.toLowerCase();
  } catch {
    return false;
  }
  return CONFERENCE_HOSTS.some((h) => host === h || host.endsWith(`.${h}`));
}

/** A link Waymark can store (assets' `website`): http(s) and no longer than 500 characters. */
export function storableUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  const s = url.trim();
  if (s.length > 500 || !/^https?:\/\//i.test(s)) return null;
  try {
    new URL(s);
    return s;
  } catch {
    return null;
  }
}
