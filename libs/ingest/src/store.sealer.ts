import { sealSession, SigningKey } from '@auditorium/integrity';
import type { RecordingStore, SealSigner } from '@auditorium/store';
import { SessionSealer } from './ingest.pipeline';

/** Signs the stored chain head of a session with the deployment's Ed25519 key. */
export class StoreSessionSealer extends SessionSealer {
  constructor(
    private readonly store: RecordingStore,
    private readonly key: SigningKey,
  ) {
    super();
  }

  override signer(): SealSigner {
    return (input) => sealSession(input, this.key);
  }

  async seal(sid: string): Promise<void> {
    const [session, head] = await Promise.all([this.store.getSession(sid), this.store.getChainHead(sid)]);
    if (!session || !head) return;
    const seal = await sealSession(
      { sid, lastSeq: head.seq, head: head.hash, frames: session.frameCount, gaps: session.gaps },
      this.key,
    );
    await this.store.setSeal(sid, seal);
  }
}
