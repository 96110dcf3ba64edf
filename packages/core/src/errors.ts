// The error types live in @stepgate/errors so that every package (vtl included, which core
// itself depends on) shares them; core re-exports them as part of its public API.
export * from '@stepgate/errors';
