export { recordingStoreContract, type RecordingStoreHarness } from './recording-store.contract';
export * from './stored-frame.fixtures';
