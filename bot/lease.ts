import { Lease } from '../server/models/lease.ts';

/**
 * Takes or renews the lease `name` for `holder` until `now + durationMs`. Returns false while
 * another holder's lease has not expired. Several server instances call this with their own
 * holder id, so only one of them does the guarded work at a time.
 */
export async function acquireLease(name: string, holder: string, now: Date, durationMs: number): Promise<boolean> {
  const expiresAt = new Date(now.getTime() + durationMs);
  try {
    const lease = await Lease.findOneAndUpdate(
      { _id: name, $or: [{ holder }, { expiresAt: { $lte: now } }] },
      { $set: { holder, expiresAt } },
      { upsert: true, returnDocument: 'after' },
    ).lean();
    return lease?.holder === holder;
  } catch (error) {
    // Another holder's live lease made the upsert insert a duplicate _id.
    if ((error as { code?: unknown }).code === 11000) return false;
    throw error;
  }
}

export async function releaseLease(name: string, holder: string): Promise<void> {
  await Lease.deleteOne({ _id: name, holder });
}
