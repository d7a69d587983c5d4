import { describe, expect, it } from 'vitest';
import { decodeAnchor, guidToImmutableId } from '../../../core/immutable-id.ts';

describe('ImmutableID codec (published examples)', () => {
  it('reorders the first three GUID groups (Guid.ToByteArray order)', () => {
    expect(guidToImmutableId('00aa00aa-bb11-cc22-dd33-44ee44ee44ee')).toBe('qgCqABG7IszdM0TuRO5E7g==');
  });
  it.each(['SV+BWQuSnU6tbIK1OqTBAg==', 'IkTni9mw7Ee4YefeGpz7IA=='])('round-trips %s', (id) => {
    const d = decodeAnchor(id);
    expect(d.detectedForm).toBe('immutableId');
    expect(decodeAnchor(d.guid).immutableId).toBe(id);
    expect(decodeAnchor(d.connectorSpaceDn).immutableId).toBe(id);
  });
});
