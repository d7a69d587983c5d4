import template from './templates/problem.json' with { type: 'json' };
import { renderTemplate, type AdaptiveCardJson } from './render.ts';

export interface ProblemView {
  readonly title: string;
  readonly message: string;
  /** What the person can do about it; empty for none. */
  readonly hint: string;
  readonly code: string;
  readonly correlationId: string;
  readonly requestId: string | null;
  /** attention: an error; warning: something is unreachable or busy. */
  readonly style: 'attention' | 'warning';
}

/** The one error card (bot/errors.ts decides what goes on it). */
export const renderProblemCard = (p: ProblemView): AdaptiveCardJson =>
  renderTemplate(template, {
    title: p.title,
    message: p.message,
    hint: p.hint,
    style: p.style,
    facts: [
      { title: 'Code', value: p.code },
      { title: 'Correlation id', value: p.correlationId },
      ...(p.requestId === null ? [] : [{ title: 'Request id', value: p.requestId }]),
    ],
  });
