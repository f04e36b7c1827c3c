import type { ArgumentMetadata, ValidationPipe } from '@nestjs/common';

/**
 * What a validation pipe answers for `value`, in a form specs compare: the entity's prototype and
 * own values, or the problem document it threw (specs of ADRs 0120, 0123, 0141).
 */
export async function pipeOutcome(pipe: ValidationPipe, value: unknown, metadata: ArgumentMetadata) {
  try {
    const v = (await pipe.transform(value, metadata)) as object;
    return { ok: true, proto: Object.getPrototypeOf(v) as unknown, value: { ...v } };
  } catch (e) {
    return { ok: false, error: (e as { getResponse?: () => unknown }).getResponse?.() ?? String(e) };
  }
}
