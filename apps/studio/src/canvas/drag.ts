/** The drag-and-drop type a palette block carries onto the canvas. */
export const BLOCK_DRAG_TYPE = 'application/x-weft-block';
