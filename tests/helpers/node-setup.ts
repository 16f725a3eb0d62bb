// Every local process that uses node-sdk sets this, or the SDK probes Tencent's metadata host
// on every call (reference §4.8 "Correction").
process.env.TENCENTCLOUD = 'true';

// A query a cloud function issues that no declared index serves fails the test (the stand-in's
// index check, local/standin/database.ts): production would scan the collection and time out.
process.env.SHOUWANG_INDEX_CHECK ??= 'fail';
