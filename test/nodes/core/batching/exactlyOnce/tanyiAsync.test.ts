/** Issue 10's exactly-once matrix for one import path (see ../matrix.ts). */
import { exactlyOnceMatrix } from '../matrix';
import { PATHS, useEmulators } from '../paths';

useEmulators();
exactlyOnceMatrix(PATHS[1]);
