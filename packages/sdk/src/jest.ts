/** Registers Brane's decision matchers (`toAllow`, `toDeny`, ...) with jest: add it to `setupFilesAfterEach`. */
import '@brane/testing/jest';
