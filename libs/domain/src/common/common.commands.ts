import type { Command } from '../shared/command';
import type { EventRetracted, ExceptionGranted } from './common.events';

/**
 * Accepted by every aggregate. The stream is chosen by the caller: the subject's stream for an
 * exception, the retracted event's stream for a retraction (the API finds it by event id).
 */
export type GrantException = Command<'GrantException', ExceptionGranted['data']>;
export type RetractEvent = Command<'RetractEvent', EventRetracted['data']>;

export type CommonCommand = GrantException | RetractEvent;
export const COMMON_COMMAND_TYPES = ['GrantException', 'RetractEvent'] as const satisfies readonly CommonCommand['type'][];
