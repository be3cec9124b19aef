/**
 * Whether a URL the bot is told to send data to may be used: https, or plain http only on this machine
 * (the local fakes of the tests). Upload URLs handed out by Slack or Teams, and the Microsoft Graph endpoints.
 */
export function secureOrLoopback(url: string): boolean {
  const u = new URL(url);
  const loopback = u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]';
  return u.protocol === 'https:' || (u.protocol === 'http:' && loopback);
}
