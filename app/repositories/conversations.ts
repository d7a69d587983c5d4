/**
 * How the edge reaches a conversation later (proactive messages): one opaque reference per conversation
 * id, written by the edge when the conversation talks to the bot. The use cases never read it; they name
 * conversations by id and the edge's Notifier looks the reference up here.
 */
import { createHash } from 'node:crypto';
import type { Store } from '../../core/ports.ts';
import { updateDocument } from '../../core/repositories/documents.ts';

export interface ConversationRepository {
  get(conversationId: string): Promise<unknown>;
  save(conversationId: string, reference: unknown): Promise<void>;
}

const key = (conversationId: string): string =>
  `conversations/${createHash('sha256').update(conversationId, 'utf8').digest('hex')}`;

export const conversationRepository = (store: Store): ConversationRepository => ({
  get: async (conversationId) => (await store.get<{ ref: unknown }>(key(conversationId)))?.value.ref ?? null,
  save: async (conversationId, reference) => {
    await updateDocument<{ ref: unknown }>(store, key(conversationId), () => ({ ref: reference }));
  },
});
