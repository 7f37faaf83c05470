/**
 * A file operation that has given nothing for this long (ms) is told to the user: the file may be
 * on a network drive that stopped answering, where a read or a write can wait for ever. The
 * corpus read of a training run (TrainProgress.stalledSec) and the CLI's writes of results
 * (writeOrRescue) use it.
 */
export const STALL_NOTICE_MS = 10_000;
