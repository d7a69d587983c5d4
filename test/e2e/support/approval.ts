/**
 * Helpers for the approval flow in the Agents Playground: talking to the bot in the group chat (an
 * @mention, sent with Enter) and acting as another member of the mock tenant by rewriting `from` on the
 * page's own card-action requests (shared/reference/teams-client.md: the UI always acts as currentUser).
 */
import type { Locator, Page } from 'playwright-core';

/** A member of the sandbox's mock Teams tenant (sandbox/playground/.m365agentsplayground.yml). */
export interface MockUser {
  readonly id: string;
  readonly name: string;
  readonly aadObjectId: string;
}

/** The approver: same Entra object id as the simulated tenant's approvers-group member (SANDBOX_IDS). */
export const SENIOR_SAM: MockUser = {
  id: '29:senior-admin',
  name: 'Senior Sam',
  aadObjectId: '3e9c6d85-8a0b-4f4d-8e5c-6b7a8f9e0db4',
};
/** In neither group of the simulated tenant. */
export const INES_OPS: MockUser = {
  id: '29:u3',
  name: 'Ines Ops',
  aadObjectId: 'aaaaaaaa-0000-0000-0000-000000000003',
};

export const cards = (page: Page): Locator => page.locator('.ac-adaptiveCard');

/** A bot text message bubble (not text inside a card, not the chat list preview). */
export const bubble = (page: Page, re: RegExp): Locator =>
  page.locator('p:not(.ac-adaptiveCard p)').filter({ hasText: re }).last();

/** In a group chat: "@Hard Match <text>" through the mention picker, sent with Enter; returns the answer card. */
export const mentionInChat = async (page: Page, text: string): Promise<Locator> => {
  const before = await cards(page).count();
  await page.getByRole('textbox').last().click();
  await page.keyboard.type('@');
  await page.getByRole('menuitem', { name: 'Hard Match' }).click();
  await page.keyboard.type(` ${text}`);
  await page.keyboard.press('Enter');
  const card = cards(page).nth(before);
  await card.waitFor();
  return card;
};

const INVOKE = '**/_conversation/v1/invoke';
const SUBMIT = '**/_conversation/v1/submit';

/** Run `act` with the page's card actions sent as `user` (rewrites `from` of invoke and submit requests). */
export const asUser = async <T>(page: Page, user: MockUser, act: () => Promise<T>): Promise<T> => {
  const rewrite = async (route: Parameters<Parameters<Page['route']>[1]>[0]) => {
    const body = JSON.parse(route.request().postData() ?? '{}') as Record<string, unknown>;
    body['from'] = { id: user.id, name: user.name, aadObjectId: user.aadObjectId };
    await route.continue({ postData: JSON.stringify(body) });
  };
  await page.route(INVOKE, rewrite);
  await page.route(SUBMIT, rewrite);
  try {
    return await act();
  } finally {
    await page.unroute(INVOKE, rewrite);
    await page.unroute(SUBMIT, rewrite);
  }
};

/**
 * Replace the data of the next Action.Execute the page sends (a tampered card payload), once.
 * `change` gets the action's data and returns what to send instead (and may change the verb). The
 * request is sent as `user` (this handler runs instead of asUser's, not after it).
 */
export const tamperNextInvoke = async (
  page: Page,
  user: MockUser,
  change: (action: { verb: string; data: Record<string, unknown> }) => { verb: string; data: unknown },
): Promise<void> => {
  await page.route(
    INVOKE,
    async (route) => {
      const body = JSON.parse(route.request().postData() ?? '{}') as {
        value?: { action?: { verb: string; data: Record<string, unknown> } };
        from?: unknown;
      };
      body.from = { id: user.id, name: user.name, aadObjectId: user.aadObjectId };
      const action = body.value?.action;
      if (action !== undefined) {
        const next = change(action);
        action.verb = next.verb;
        action.data = next.data as Record<string, unknown>;
      }
      await route.continue({ postData: JSON.stringify(body) });
    },
    { times: 1 },
  );
};
