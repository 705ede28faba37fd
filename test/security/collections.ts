import mongoose from 'mongoose';

/** Counts the documents of every collection, so a rejected request can be shown to write nothing. */
export async function collectionCounts(): Promise<Record<string, number>> {
  const db = mongoose.connection.db;
  if (db === undefined) throw new Error('database not connected');
  const collections = await db.listCollections({}, { nameOnly: true }).toArray();
  const counts: Record<string, number> = {};
  for (const { name } of collections.sort((a, b) => a.name.localeCompare(b.name))) {
    // Sessions come and go with every sign-in, and rate-limit counters with every limited request;
    // neither is what the requests under test write.
    if (name === 'sessions' || name === 'ratelimits' || name.startsWith('system.')) continue;
    // Sign-in and sign-out events likewise come with every test's own sign-ins.
    const filter = name === 'auditevents' ? { action: { $not: /^session\./ } } : {};
    counts[name] = await db.collection(name).countDocuments(filter);
  }
  return counts;
}
