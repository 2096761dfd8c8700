/**
 * `pnpm bench studio`: cold open of the editor (50 steps) through `weft serve`, and the compressed
 * JavaScript sent before the canvas is interactive. The measuring code lives in e2e/bench/.
 */
import { studioOpenBench } from '../e2e/bench/studio-open-bench';

export default studioOpenBench;
