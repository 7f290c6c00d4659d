// Installs Debian's chromium for the browser tests when it is missing: `npx playwright install`
// cannot download its own browsers here, so the e2e tests drive the system one. Runs as root in CI.
// A CJK font comes with it: the portal defaults to Chinese, and screenshots without one show boxes.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
const CJK_FONT = '/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc';

function run(cmd, args) {
  const r = spawnSync(cmd, args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Returns the chromium path, installing the package first when it is not there. */
export function ensureBrowser() {
  if (existsSync(CHROMIUM) && existsSync(CJK_FONT)) return CHROMIUM;
  process.stderr.write('ensure-browser: installing Debian chromium (apt-get)\n');
  run('apt-get', ['update']);
  run('apt-get', ['install', '-y', '--no-install-recommends', 'chromium', 'fonts-wqy-zenhei']);
  if (!existsSync(CHROMIUM)) throw new Error(`apt-get installed chromium but ${CHROMIUM} is missing`);
  return CHROMIUM;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) ensureBrowser();
