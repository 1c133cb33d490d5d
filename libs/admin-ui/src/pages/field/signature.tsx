/**
 * The customer's signature on the phone: a `signature_pad` canvas (touch, pen or mouse) that
 * gives a PNG for the installation report. The strokes are kept as a draft so a failed submit or
 * a reload does not make the customer sign again.
 */
import { Box, Button, Group, Text } from '@mantine/core';
import SignaturePad, { type PointGroup } from 'signature_pad';
import { forwardRef, useEffect, useImperativeHandle, useRef } from 'react';
import { t } from '../../i18n';

/** What the report form asks of the pad. */
export interface SignatureHandle {
  isEmpty(): boolean;
  /** The drawing as a PNG on a white background. */
  toPng(): Promise<Blob>;
}

/** The pad, `label` naming the canvas; `strokes`/`onStrokes` keep the drawing in the draft. */
export const SignatureField = forwardRef<SignatureHandle, { label: string; strokes: PointGroup[]; onStrokes: (strokes: PointGroup[]) => void; error?: string }>(
  function SignatureField({ label, strokes, onStrokes, error }, ref) {
    const canvasRef = useRef<HTMLCanvasElement>(null);
    const padRef = useRef<SignaturePad | null>(null);
    const initialStrokes = useRef(strokes);
    const onStrokesRef = useRef(onStrokes);
    onStrokesRef.current = onStrokes;

    useEffect(() => {
      const canvas = canvasRef.current!;
      const pad = new SignaturePad(canvas, { backgroundColor: 'rgb(255, 255, 255)', penColor: 'rgb(20, 30, 90)' });
      // Sized to the element in device pixels, or strokes come out blurred and offset on phones;
      // again when the phone turns (resizing a canvas wipes it: the strokes are drawn back).
      const fit = (strokes: PointGroup[]) => {
        const ratio = Math.max(window.devicePixelRatio || 1, 1);
        canvas.width = canvas.offsetWidth * ratio;
        canvas.height = canvas.offsetHeight * ratio;
        canvas.getContext('2d')!.scale(ratio, ratio);
        pad.clear();
        if (strokes.length) pad.fromData(strokes);
      };
      fit(initialStrokes.current);
      const onResize = () => fit(pad.toData());
      const save = () => onStrokesRef.current(pad.toData());
      pad.addEventListener('endStroke', save);
      window.addEventListener('resize', onResize);
      padRef.current = pad;
      return () => {
        window.removeEventListener('resize', onResize);
        pad.removeEventListener('endStroke', save);
        pad.off();
        padRef.current = null;
      };
    }, []);

    useImperativeHandle(ref, () => ({
      isEmpty: () => padRef.current?.isEmpty() ?? true,
      toPng: () =>
        new Promise<Blob>((resolve, reject) => canvasRef.current!.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('canvas.toBlob gave nothing'))), 'image/png')),
    }));

    return (
      <Box>
        <Text size="sm" fw={500} mb={4}>{label}</Text>
        <canvas ref={canvasRef} role="img" aria-label={label} style={{ width: '100%', height: 180, border: `1px solid var(--mantine-color-${error ? 'red-6' : 'gray-4'})`, borderRadius: 4, touchAction: 'none', display: 'block' }} />
        {error && <Text size="xs" c="red" mt={2}>{error}</Text>}
        <Group mt={4}>
          <Button size="compact-sm" variant="default" onClick={() => { padRef.current?.clear(); onStrokes([]); }}>{t('tech.install.clearSignature')}</Button>
        </Group>
      </Box>
    );
  },
);
