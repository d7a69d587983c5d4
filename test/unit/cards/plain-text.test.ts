/**
 * Issue 12, finding 10: what people typed is shown as text on every card, never as markdown. The cards
 * are rendered as the approvers get them and each markdown-rendered field (TextBlock text, fact title
 * and value) goes through markdown-it with its default options - the renderer the Agents Playground
 * bundles for Adaptive Cards - which must produce no link, no emphasis, and show the text as typed.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { renderApprovalCard } from '../../../cards/approval-card.ts';
import { renderProblemCard } from '../../../cards/problem-card.ts';
import { escapeMarkdown } from '../../../cards/plain-text.ts';
import { approve } from '../../../core/policy.ts';
import { fixturePlan, fixtureRequest } from './approval-fixtures.ts';

const md = new MarkdownIt();

/** Every field a renderer treats as markdown, with the HTML markdown-it makes of it. */
const rendered = (card: unknown): { text: string; html: string }[] => {
  const out: { text: string; html: string }[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (n === null || typeof n !== 'object') return;
    const o = n as Record<string, unknown>;
    if (o['type'] === 'TextBlock' && typeof o['text'] === 'string')
      out.push({ text: o['text'], html: md.render(o['text']) });
    if (o['type'] === 'FactSet' && Array.isArray(o['facts']))
      for (const f of o['facts'] as Record<string, unknown>[])
        for (const k of ['title', 'value'])
          if (typeof f[k] === 'string') out.push({ text: f[k], html: md.render(f[k]) });
    Object.values(o).forEach(walk);
  };
  walk(card);
  return out;
};

/** What a person sees of markdown-it's HTML: tags dropped, entities decoded. */
const visible = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();

const HOSTILE = {
  reason: '[Approve here](https://evil.example/approve) **URGENT** _now_',
  ticket: '<https://evil.example/ticket> `INC-1` ~~x~~',
  comment: '1. [click](javascript:alert(1))\n- item',
  requesterName: 'Rita [Admin](https://evil.example)',
};

describe('user text on cards is text', () => {
  it("a reason that is a markdown link is not a link on the approvers' card", () => {
    const member = { isRequester: true, isApprover: true };
    const request = {
      ...fixtureRequest,
      reason: HOSTILE.reason,
      ticket: HOSTILE.ticket,
      requester: { id: 'rita', name: HOSTILE.requesterName },
    };
    const decided = approve(
      request,
      { id: 'sam', name: 'Senior Sam' },
      member,
      new Date('2026-11-22T01:00:00Z'),
      HOSTILE.comment,
    );
    if (!decided.ok) throw new Error('fixture transition failed');
    for (const r of [request, { ...decided.request, state: 'rejected' as const }]) {
      const card = renderApprovalCard({
        role: 'approver',
        request: r,
        plan: fixturePlan,
        job: null,
        checks: [],
        progress: '',
        auditId: null,
        followUp: null,
        undo: null,
        refreshUserIds: [],
      });
      const fields = rendered(card);
      for (const { html } of fields) {
        expect(html).not.toMatch(/<a\b|<strong>|<em>|<code>|<s>|<ol|<ul|<li/);
      }
      const shown = fields.map((f) => visible(f.html)).join('\n');
      expect(shown).toContain(HOSTILE.reason);
      expect(shown).toContain(HOSTILE.ticket);
      expect(shown).toContain(HOSTILE.requesterName);
    }
  });

  it('a search text echoed in an error message is not a link either', () => {
    const card = renderProblemCard({
      title: "That didn't work",
      message: `No cloud user or AD user found for "${HOSTILE.reason}".`,
      hint: '',
      code: 'CLOUD.NOT_FOUND',
      correlationId: 'c1',
      requestId: null,
      style: 'attention',
    });
    const fields = rendered(card);
    expect(fields.map((f) => f.html).join('')).not.toMatch(/<a\b|<strong>|<em>/);
    expect(fields.map((f) => visible(f.html)).join('\n')).toContain(HOSTILE.reason);
  });

  it('no template relies on markdown (it would be escaped): bold is a TextRun weight', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'cards', 'templates');
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.json'))) {
      const template: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
      for (const { text } of rendered(template)) {
        const literal = text.replace(/\$\{[^}]*\}/g, 'x');
        expect(md.renderInline(literal), `${file}: ${text}`).not.toMatch(/<(?!\/?p>)/);
      }
    }
  });

  it('escapes every markdown character and line marker, and nothing else', () => {
    expect(escapeMarkdown('anna_berg@contoso.com')).toBe('anna\\_berg@contoso.com');
    expect(escapeMarkdown('Step 1 of 8: move CN=Anna,OU=Users (none)')).toBe(
      'Step 1 of 8: move CN=Anna,OU=Users (none)',
    );
    expect(escapeMarkdown('1. first\n  - second\n# third\n> fourth')).toBe(
      '1\\. first\n  \\- second\n\\# third\n\\> fourth',
    );
    for (const text of ['a\\b', '*a*', '__a__', '[a](b)', '<b>', '&amp;', '~~a~~', 'a|b', '10) x'])
      expect(visible(md.render(escapeMarkdown(text)))).toBe(text);
  });
});
