/** Registers Brane's decision matchers (`toAllow`, `toDeny`, ...) with jest: add it to `setupFilesAfterEnv`. */
import '@brane/testing/jest';
