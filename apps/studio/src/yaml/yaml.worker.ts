// The monaco-yaml language worker, bundled by Vite as its own module worker.
import 'monaco-yaml/yaml.worker.js';
