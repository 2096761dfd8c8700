// The compiled form of a text-block regular expression: opcodes and the program container.
import { CharClass } from './regex-class';

export const OP_CHAR: i32 = 0;
export const OP_ANY: i32 = 1; // any but a line terminator
export const OP_ANYNL: i32 = 2; // any (dotAll)
export const OP_CLASS: i32 = 3;
export const OP_SPLIT: i32 = 4; // try a, then b
export const OP_JMP: i32 = 5;
export const OP_SAVE: i32 = 6;
export const OP_MATCH: i32 = 7;
export const OP_BOL: i32 = 8;
export const OP_EOL: i32 = 9;
export const OP_WORDB: i32 = 10;
export const OP_NWORDB: i32 = 11;
export const OP_MARK: i32 = 12; // register a = position (loop entry)
export const OP_CHECK: i32 = 13; // fail when register a == position (an empty loop iteration)
export const OP_LOOK: i32 = 14; // body at pc+1 ends with MATCH; continue at a
export const OP_NLOOK: i32 = 15;
export const OP_BACKREF: i32 = 16;

/** A compiled pattern. */
export class Regex {
  op: i32[] = [];
  a: i32[] = [];
  b: i32[] = [];
  classes: CharClass[] = [];
  groupCount: i32 = 0;
  groupNames: string[] = []; // index = group number; '' when unnamed
  registers: i32 = 0;
  global: bool = false;
  ignoreCase: bool = false;
  multiline: bool = false;
  dotAll: bool = false;
  error: string = '';

  emit(op: i32, a: i32 = 0, b: i32 = 0): i32 {
    this.op.push(op);
    this.a.push(a);
    this.b.push(b);
    return this.op.length - 1;
  }
}
