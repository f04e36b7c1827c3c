/**
 * View 6: the latest signed checkpoint, and "verify this event": fetch an inclusion proof and
 * check it here, with WebCrypto, against the root of the signed checkpoint (ADR 0064) — the
 * browser trusts the signed root, not the server's word that the proof is fine.
 */
import { ApiError } from '../api';
import { card, errorBox, field, fmtInstant, isAbort, loading, pill, str, type View } from '../context';
import { clear, h } from '../dom';
import { eventTypeLabel, t, type UiKey } from '../i18n';

const SIGNATURE_TEXT: Record<'valid' | 'invalid' | 'key-mismatch' | 'unsupported', UiKey> = {
  valid: 'signatureValid',
  invalid: 'signatureInvalid',
  'key-mismatch': 'signatureKeyMismatch',
  unsupported: 'signatureUnsupported',
};
import { verifyInclusion } from '../merkle';
import { eventLeafHash, verifyCheckpointSignature, type LeafEvent } from '../audit-check';

interface Checkpoint {
  readonly treeSize?: string;
  readonly rootHash?: string;
  readonly signedAt?: string;
  readonly signature?: string;
  readonly keyId?: string;
  readonly raw: unknown;
}

function readCheckpoint(raw: unknown): Checkpoint {
  const body = field(raw, 'checkpoint', 'signed', 'body') ?? raw;
  return {
    treeSize: str(field(body, 'treeSize', 'size', 'tree_size') ?? field(raw, 'treeSize')),
    rootHash: str(field(body, 'rootHash', 'root', 'root_hash') ?? field(raw, 'rootHash')),
    signedAt: str(
      field(body, 'timestamp', 'signedAt', 'issuedAt', 'createdAt', 'recordedAt') ??
        field(raw, 'signedAt', 'timestamp'),
    ),
    signature: str(field(raw, 'signature', 'sig') ?? field(body, 'signature')),
    keyId: str(field(raw, 'keyId', 'kid', 'publicKeyId') ?? field(body, 'keyId', 'kid')),
    raw,
  };
}

function readProof(raw: unknown) {
  const proof = field(raw, 'proof', 'auditPath', 'path', 'hashes', 'inclusionPath');
  return {
    leafIndex: str(field(raw, 'leafIndex', 'index')),
    treeSize: str(field(raw, 'treeSize', 'size')),
    leafHash: str(field(raw, 'leafHash', 'leaf_hash', 'leaf')),
    rootHash: str(field(raw, 'rootHash', 'root')),
    proof: Array.isArray(proof) ? proof.map(String) : [],
  };
}

function dl(rows: Array<[string, string | undefined, string]>): HTMLElement {
  return h(
    'dl',
    { className: 'facts' },
    rows.map(([label, value, testid]) => [
      h('dt', {}, label),
      h('dd', { className: 'digest', testid, 'data-value': value ?? '' }, value ?? '—'),
    ]),
  );
}

export const auditView: View = async (ctx, root) => {
  const cpSlot = h('div', {}, loading());
  const position = h('input', {
    type: 'number',
    min: 1,
    step: 1,
    testid: 'verify-position',
    'aria-label': t('position'),
  });
  const result = h('div', { testid: 'verify-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'submit', testid: 'verify-button' }, t('verifyButton'));
  clear(root);
  root.append(
    h('h1', {}, t('navAudit')),
    card(t('checkpoint'), cpSlot),
    card(
      t('verifyTitle'),
      h('p', { className: 'muted' }, t('verifyHelp')),
      h(
        'form',
        {
          className: 'filters',
          onsubmit: (e: Event) => {
            e.preventDefault();
            void verify();
          },
        },
        h('label', { className: 'filter' }, h('span', {}, t('position')), position),
        button,
      ),
      result,
    ),
  );

  let checkpoint: Checkpoint | undefined;
  try {
    checkpoint = readCheckpoint(await ctx.api.get('/audit/checkpoints/latest', {}, ctx.signal));
    clear(cpSlot);
    cpSlot.append(
      dl([
        [t('treeSize'), checkpoint.treeSize, 'checkpoint-tree-size'],
        [t('rootHash'), checkpoint.rootHash, 'checkpoint-root'],
        [t('signedAt'), checkpoint.signedAt ? fmtInstant(checkpoint.signedAt) : undefined, 'checkpoint-time'],
        [t('keyId'), checkpoint.keyId, 'checkpoint-key'],
        [t('signature'), checkpoint.signature, 'checkpoint-signature'],
      ]),
    );
    const sigSlot = h('p', { testid: 'checkpoint-signature-check' }, loading());
    cpSlot.append(sigSlot);
    void checkSignature(checkpoint, sigSlot);
    if (checkpoint.treeSize && !position.value) position.value = checkpoint.treeSize;
    if (checkpoint.treeSize) position.max = checkpoint.treeSize;
    root.setAttribute('data-loaded', 'true');
  } catch (err) {
    if (isAbort(err)) return;
    clear(cpSlot);
    // No checkpoint signed yet: say so; proofs are then checked against the root the API answers.
    cpSlot.append(
      err instanceof ApiError && err.status === 404
        ? h('p', { className: 'notice', testid: 'checkpoint-none' }, t('noCheckpoint'))
        : errorBox(err),
    );
    root.setAttribute('data-loaded', 'true');
  }

  async function checkSignature(cp: Checkpoint, slot: HTMLElement): Promise<void> {
    try {
      const key = await ctx.api.get('/audit/public-key', {}, ctx.signal);
      const rawKey = str(field(key, 'raw'));
      const c = cp.raw as Record<string, unknown>;
      if (!rawKey || !cp.signature) throw new Error('no public key or signature');
      const status = await verifyCheckpointSignature(
        crypto.subtle,
        {
          treeSize: c.treeSize,
          rootHash: c.rootHash,
          timestamp: c.timestamp,
          signature: cp.signature,
          keyId: cp.keyId,
        },
        rawKey,
      );
      clear(slot);
      slot.setAttribute('data-status', status);
      slot.append(
        pill(
          status === 'valid' ? 'ok' : status === 'unsupported' ? 'neutral' : 'violation',
          t(SIGNATURE_TEXT[status]),
        ),
      );
    } catch (err) {
      if (isAbort(err)) return;
      clear(slot);
      slot.setAttribute('data-status', 'error');
      slot.append(errorBox(err));
    }
  }

  async function verify(): Promise<void> {
    clear(result);
    result.removeAttribute('data-status');
    result.append(loading());
    button.disabled = true;
    try {
      const treeSize = checkpoint?.treeSize;
      const raw = await ctx.api.get(
        '/audit/proofs/inclusion',
        { position: position.value, treeSize },
        ctx.signal,
      );
      const p = readProof(raw);
      // Check against the signed checkpoint's root when the proof is for that tree size.
      const expectedRoot =
        checkpoint?.rootHash && (!p.treeSize || p.treeSize === treeSize) ? checkpoint.rootHash : p.rootHash;
      if (p.leafIndex === undefined || !p.leafHash || !expectedRoot || !(p.treeSize ?? treeSize))
        throw new Error('incomplete proof');
      const check = await verifyInclusion(crypto.subtle, {
        leafIndex: BigInt(p.leafIndex),
        treeSize: BigInt(p.treeSize ?? (treeSize as string)),
        leafHash: p.leafHash,
        proof: p.proof,
        rootHash: expectedRoot,
      });
      // The leaf: recomputed here from the event the API returned, when it returned one.
      const ev = field(raw, 'event');
      const leafRecomputed =
        ev && typeof ev === 'object' ? await eventLeafHash(crypto.subtle, ev as LeafEvent) : undefined;
      const leafOk = leafRecomputed === undefined || leafRecomputed === p.leafHash.toLowerCase();
      const ok = check.ok && leafOk;
      const evType = str(field(ev, 'type'));
      clear(result);
      result.setAttribute('data-status', ok ? 'verified' : 'failed');
      result.append(
        h(
          'p',
          {},
          ok
            ? pill('ok', t('verifyOk'))
            : pill('violation', `${t('verifyFail')} ${leafOk ? (check.reason ?? '') : t('leafMismatch')}`),
          evType ? h('span', {}, ` ${eventTypeLabel(evType)} · ${str(field(ev, 'streamId')) ?? ''}`) : null,
        ),
        dl([
          [t('leafIndex'), p.leafIndex, 'proof-leaf-index'],
          [t('leafHash'), p.leafHash, 'proof-leaf-hash'],
          [t('leafRecomputed'), leafRecomputed, 'proof-leaf-recomputed'],
          [t('proofLength'), String(p.proof.length), 'proof-length'],
          [t('computedRoot'), check.computedRoot, 'proof-computed-root'],
          [t('rootHash'), expectedRoot, 'proof-expected-root'],
        ]),
      );
    } catch (err) {
      if (isAbort(err)) return;
      clear(result);
      result.setAttribute('data-status', 'error');
      result.append(errorBox(err));
    } finally {
      button.disabled = false;
    }
  }
};
