import mongoose, { model, Schema, type InferSchemaType } from 'mongoose';

/** GridFS bucket of evidence files: collections `evidence.files` and `evidence.chunks`. */
export const evidenceBucketName = 'evidence';

const metadataSchema = new Schema(
  {
    projectId: { type: Schema.Types.ObjectId, ref: 'Project', required: true },
    uploaderContactId: { type: Schema.Types.ObjectId, ref: 'Contact', required: true },
    uploaderUserId: { type: String, required: true },
    /** File name exactly as the uploader's device sent it, Chinese included. */
    originalName: { type: String, required: true },
    /** MIME type detected from the file's bytes, never taken from the name or the client. */
    contentType: { type: String, required: true },
    size: { type: Number, required: true },
    /** Checklist item the file proves, e.g. 中标（成交）通知书; empty when not given. */
    item: { type: String, default: '' },
  },
  { _id: false },
);

/**
 * The files collection of the GridFS bucket, for typed reads. Files are written and removed
 * only through `evidenceBucket()`, which also writes the chunks.
 */
const evidenceFileSchema = new Schema(
  {
    length: { type: Number, required: true },
    chunkSize: { type: Number, required: true },
    uploadDate: { type: Date, required: true },
    /** The original name again, as GridFS tools expect it. */
    filename: { type: String, required: true },
    metadata: { type: metadataSchema, required: true },
  },
  { versionKey: false, collection: `${evidenceBucketName}.files` },
);

// The index GridFS itself creates on a files collection; declared here so that syncIndexes at
// start-up keeps it instead of dropping it.
evidenceFileSchema.index({ filename: 1, uploadDate: 1 });

export type EvidenceFileRecord = InferSchemaType<typeof evidenceFileSchema>;
export const EvidenceFile = model('EvidenceFile', evidenceFileSchema);

const buckets = new WeakMap<object, mongoose.mongo.GridFSBucket>();

/** Returns the GridFS bucket of evidence files on the current connection. */
export function evidenceBucket(): mongoose.mongo.GridFSBucket {
  const db = mongoose.connection.db;
  if (db === undefined) throw new Error('database not connected');
  let bucket = buckets.get(db);
  if (bucket === undefined) {
    bucket = new mongoose.mongo.GridFSBucket(db, { bucketName: evidenceBucketName });
    buckets.set(db, bucket);
  }
  return bucket;
}
