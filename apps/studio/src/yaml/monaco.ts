/**
 * Monaco with only what the YAML pane needs, its workers loaded through Vite's `?worker` imports,
 * and monaco-yaml fed with the DSL's JSON Schema for hover and completion. Validation comes from
 * packages/dsl (markers owner `weft`), so monaco-yaml's own validation is off: one source of truth.
 */
import './monaco-features';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';
// The YAML tokenizer in this chunk, not a chunk of its own fetched when the first model is made:
// the pane's first lines are coloured without one more round trip.
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.js';
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api.js';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker.js?worker';
import { configureMonacoYaml } from 'monaco-yaml';
import { workflowJsonSchema } from '@weft/dsl';
import YamlWorker from './yaml.worker?worker';

export { monaco };

let configured = false;

export const MODEL_SCHEME_FILE = 'workflow.weft.yaml';

/** The dark theme of the YAML pane: vs-dark with comments readable at AA contrast. */
export const DARK_THEME = 'weft-dark';

export function setupMonaco(): typeof monaco {
  if (configured) return monaco;
  configured = true;
  (globalThis as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
    getWorker(_id: string, label: string) {
      return label === 'yaml' ? new YamlWorker() : new EditorWorker();
    },
  };
  // Bracket pairs are not coloured (YAML has few brackets). The editor's `bracketPairColorization`
  // option does not reach its model, whose options come from the setting
  // `editor.bracketPairColorization.enabled` (and come back from it whenever an editor's options
  // change): each model is told itself, before it is first drawn and after each such change —
  // else that first draw builds a tree of every bracket of the file (~25–55 ms of a 500-step file).
  monaco.editor.onDidCreateModel((model) => {
    const noColours = () => {
      if (model.getOptions().bracketPairColorizationOptions.enabled)
        model.updateOptions({
          bracketColorizationOptions: { enabled: false, independentColorPoolPerBracketType: false },
        });
    };
    noColours();
    model.onDidChangeOptions(noColours);
  });
  // vs-dark's comments (#608b4e on #1e1e1e) are 4.2:1, under WCAG AA: a lighter green (6.2:1).
  monaco.editor.defineTheme(DARK_THEME, {
    base: 'vs-dark',
    inherit: true,
    rules: [{ token: 'comment', foreground: '7aab66' }],
    colors: {},
  });
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: false,
    hover: true,
    completion: true,
    format: { enable: false },
    schemas: [
      {
        uri: 'https://weft.dev/schema/weft-v1.json',
        fileMatch: ['*.weft.yaml'],
        schema: workflowJsonSchema() as never,
      },
    ],
  });
  return monaco;
}
