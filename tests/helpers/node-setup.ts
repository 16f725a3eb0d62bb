// Every local process that uses node-sdk sets this, or the SDK probes Tencent's metadata host
// on every call (reference §4.8 "Correction").
process.env.TENCENTCLOUD = 'true';
