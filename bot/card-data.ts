/**
 * The shapes card actions may send back, checked with zod before a dialog sees them. A card is user
 * input: anything else is refused with INPUT.INVALID.
 */
import { z } from 'zod';
import { invalidInput } from '../core/errors.ts';

const Id = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.@:{}-]+$/);
const Guid = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);

export const SessionData = z.object({ sessionId: Id });
export const ReviewData = z.object({
  sessionId: Id,
  adUser: z.union([z.literal(''), Guid]).default(''),
  cloudUser: z.union([z.literal(''), Id]).default(''),
});
export const FixData = z.object({ cloudUserId: Id });
/** Data.Query may carry the card's other inputs (associatedInputs: auto): the AD user chosen so far. */
export const SearchContext = z.object({ adUser: Guid }).partial();

/** Parse card data or refuse it with a clear message. */
export const parseCardData = <T>(schema: z.ZodType<T>, data: unknown): T => {
  const parsed = schema.safeParse(data);
  if (!parsed.success)
    throw invalidInput('This card sent data I do not understand. Start again with link or help.');
  return parsed.data;
};
