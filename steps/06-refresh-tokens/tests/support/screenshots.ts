// Screenshots for the chapters (docs/images/*.png), taken by the browser checks. A normal
// run leaves committed images alone; UPDATE_SCREENSHOTS=1 npm run step 5 renews them.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';

const imagesDir = fileURLToPath(new URL('../../../../docs/images/', import.meta.url));

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  const path = `${imagesDir}${name}`;
  if (process.env.UPDATE_SCREENSHOTS !== '1' && existsSync(path)) return;
  await page.mouse.move(0, 0); // no hover effect on whatever the last click left the pointer over
  await page.screenshot({ path, fullPage: true, animations: 'disabled', caret: 'hide' });
}
