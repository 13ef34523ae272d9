/** Password hashing lives in the store's user module (the CLI's user import hashes too); the server re-exports it. */
export * from '../../store/users/password-hash.js';
