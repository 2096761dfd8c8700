/**
 * `pnpm bench studio`: a 500-step workflow in Chromium — time to open, canvas→YAML and YAML→canvas
 * latency. The measuring code lives in e2e/bench/ beside Playwright; see there.
 */
import { studioBench } from '../e2e/bench/studio-bench';

export default studioBench;
