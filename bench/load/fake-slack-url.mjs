/** The fake Slack Web API the benchmark started (SLACK_API_URL), shared by the baselines and the bot. */
export const fakeSlackUrl = () => process.env.SLACK_API_URL ?? 'http://127.0.0.1:9/api/';
