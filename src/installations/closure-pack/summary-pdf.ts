import PDFDocument from 'pdfkit';
import type { ClosurePackSummary } from './closure-pack-builder.js';
import { ClosurePackError } from './closure-pack-error.js';
import { pdfFonts, textRuns } from './pdf-fonts.js';

/** India has kept UTC+05:30 without daylight saving since 1945, so a fixed offset is Asia/Kolkata. */
const IST_OFFSET_MS = 330 * 60 * 1000;

/** `2026-11-21 14:05 IST`. */
export function formatIst(at: Date): string {
  return `${new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} IST`;
}

/** A photo thumbnail ready to draw: a baseline JPEG (pdfkit embeds it as it is), or null when it could not be made. */
export interface PdfPhoto {
  jpeg: Buffer | null;
  caption: string;
  /** e.g. "Site" or "Installation". */
  section: string;
  takenAt: Date;
}

/** What summary.pdf draws besides the summary: the signature (see the builder), the thumbnails and the QR code's PNG. */
export interface PdfImages {
  signature: Buffer | null;
  photos: PdfPhoto[];
  /** A PNG of the verify URL's QR code, or null when there is no URL. */
  qrCode: Buffer | null;
}

// A4 in points, and the grid every section follows.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 48;
const CONTENT_WIDTH = PAGE.width - 2 * MARGIN;
const LABEL_WIDTH = 150;
const FOOTER_HEIGHT = 56;
const BOTTOM = PAGE.height - FOOTER_HEIGHT - 12;
const BRAND = '#0b5563';
const MUTED = '#5f6b73';
const RULE = '#d5dde2';

const yesNo = (value: boolean) => (value ? 'Yes' : 'No');
const orDash = (value: string | null | undefined) => (value?.trim() ? value : '—');
const capitalised = (value: string) => value.charAt(0).toUpperCase() + value.slice(1).replace(/_/g, ' ');

type Doc = PDFKit.PDFDocument;

/**
 * Draws `text` at (x, y) within `width`, one run per font (see `textRuns`); returns the y below it.
 * Text with a run of an Indian script is wrapped in a marked-content span whose ActualText is its
 * Unicode text: the shaped glyphs of a conjunct or a reph are in visual order, and without it a
 * text extractor (pdftotext, a screen reader, copy and paste) reads "शर्मा" as "शमार्".
 */
function write(doc: Doc, text: string, x: number, y: number, width: number, options: { size?: number; bold?: boolean; color?: string; align?: 'left' | 'right' | 'center' } = {}): number {
  const runs = textRuns(text || ' ', options.bold);
  doc.fontSize(options.size ?? 9.5).fillColor(options.color ?? '#111');
  // pdfkit holds a continued line back until it is complete, so the span wraps the whole text.
  const indic = runs.some((run) => run.indic);
  if (indic) doc.markContent('Span', { actual: runs.map((run) => run.text).join('') } as PDFKit.Mixins.MarkingOptions);
  runs.forEach((run, i) => {
    const textOptions = { width, continued: i < runs.length - 1, align: options.align ?? 'left', lineGap: 1.5 };
    doc.font(run.font);
    if (i === 0) doc.text(run.text, x, y, textOptions);
    else doc.text(run.text, textOptions);
  });
  if (indic) doc.endMarkedContent();
  return doc.y;
}

/** Height `text` takes in `width` (measured with the Latin font; Indian scripts run a little taller, which the padding absorbs). */
function heightOf(doc: Doc, text: string, width: number, size = 9.5): number {
  doc.font('latin').fontSize(size);
  return doc.heightOfString(text || ' ', { width, lineGap: 1.5 }) * (/[\u0900-\u0d7f]/.test(text) ? 1.35 : 1);
}

/**
 * summary.pdf (issue #16, item 2): what an OEM files and hands its customer. A4; a header band
 * with the OEM's name, "Installation completion report" and the installation id; label/value
 * tables for the customer and site, the survey findings (with units) and the installation (when it
 * was actually done, by which team); up to six photo thumbnails with caption and time; the
 * signature in a box with the customer's name and the date signed; the timeline as the OEM may see
 * it (the audience policy); and on every page a footer with page x of y, the pack id, the
 * generation time in IST and a QR code of the verify URL. Times are in IST. Everything printed
 * comes from `summary`, which the caller built through the audience policy: no staff names.
 * @throws ClosurePackError `CLOSURE_PACK_FILE_UNREADABLE` when the signature cannot be drawn
 */
export async function renderSummaryPdf(summary: ClosurePackSummary, images: PdfImages): Promise<Buffer> {
  const { lead, survey, installation } = summary;
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, left: MARGIN, right: MARGIN, bottom: FOOTER_HEIGHT },
    bufferPages: true,
    autoFirstPage: true,
    info: {
      Title: `Installation completion report ${installation.installationId}`,
      Author: lead.oemName,
      Creator: 'ChargeOps',
      Subject: `Closure pack ${summary.packId}`,
      CreationDate: summary.generatedAt,
    },
  });
  for (const [name, font] of pdfFonts()) doc.registerFont(name, font.bytes);
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.once('end', resolve);
    doc.once('error', reject);
  });

  let y = 0;
  const ensure = (height: number) => {
    if (y + height > BOTTOM) {
      doc.addPage();
      y = MARGIN;
    }
  };

  // Header band.
  doc.rect(0, 0, PAGE.width, 92).fill(BRAND);
  write(doc, lead.oemName, MARGIN, 22, CONTENT_WIDTH - 170, { size: 17, bold: true, color: '#ffffff' });
  write(doc, 'Installation completion report', MARGIN, 52, CONTENT_WIDTH - 170, { size: 11.5, color: '#d9ecef' });
  write(doc, installation.installationId, PAGE.width - MARGIN - 170, 24, 170, { size: 15, bold: true, color: '#ffffff', align: 'right' });
  write(doc, `Completed ${installation.doneOn.completedAt ? formatIst(installation.doneOn.completedAt).slice(0, 10) : '—'}`, PAGE.width - MARGIN - 170, 52, 170, {
    size: 9.5,
    color: '#d9ecef',
    align: 'right',
  });
  y = 112;

  const heading = (title: string) => {
    ensure(48);
    y += 8;
    write(doc, title, MARGIN, y, CONTENT_WIDTH, { size: 12, bold: true, color: BRAND });
    y = doc.y + 3;
    doc.moveTo(MARGIN, y).lineTo(PAGE.width - MARGIN, y).lineWidth(0.8).strokeColor(BRAND).stroke();
    y += 6;
  };
  // One label/value row; a row never splits across pages.
  const row = (label: string, value: string | null | undefined) => {
    const shown = orDash(value);
    const height = Math.max(heightOf(doc, shown, CONTENT_WIDTH - LABEL_WIDTH), heightOf(doc, label, LABEL_WIDTH - 10)) + 7;
    ensure(height);
    write(doc, label, MARGIN, y + 3, LABEL_WIDTH - 10, { color: MUTED, bold: true, size: 9 });
    const below = write(doc, shown, MARGIN + LABEL_WIDTH, y + 3, CONTENT_WIDTH - LABEL_WIDTH);
    y = Math.max(y + height, below + 4);
    doc.moveTo(MARGIN, y).lineTo(PAGE.width - MARGIN, y).lineWidth(0.4).strokeColor(RULE).stroke();
  };

  heading('Customer and site');
  row('Customer', lead.customerName);
  row('Phone', lead.customerPhone);
  row('Email', lead.customerEmail);
  row('Address', [lead.addressLine1, lead.addressLine2, lead.city, `${lead.state} ${lead.pincode}`].filter((part) => part?.trim()).join(', '));
  row('OEM reference', lead.externalRef);
  row('Lead received', formatIst(lead.createdAt));

  heading('Survey findings');
  row('Survey', `${survey.surveyId}, scheduled ${survey.scheduledDate} (${survey.scheduledTimeSlot})`);
  const found = survey.report;
  if (found) {
    row('Surveyed by', survey.teamName);
    row('Report submitted', formatIst(found.submittedAt));
    row('Feasible', yesNo(found.feasible));
    row('Parking', capitalised(found.parkingType));
    row('Supply', `${found.supplyPhase === 'three' ? 'Three-phase' : 'Single-phase'}, sanctioned load ${found.sanctionedLoadKw} kW`);
    row('Earthing available', yesNo(found.earthingAvailable));
    row('Meter to charger', `${found.meterToChargerDistanceM} m; cable length ${found.cableLengthM} m`);
    row('Civil work required', yesNo(found.civilWorkRequired));
    row('Recommended charger', found.recommendedChargerModel);
    row('Notes', found.notes);
  } else {
    row('Report', 'No survey report was submitted.');
  }

  heading('Installation');
  const done = installation.report;
  const doneOn = installation.doneOn;
  row('Charger model', done.chargerModel);
  row('Charger serial number', done.chargerSerialNumber);
  row('Installation successful', yesNo(done.installationSuccessful));
  row('Demo given', yesNo(done.demoGiven));
  row(
    'Done on',
    doneOn.startedAt || doneOn.completedAt
      ? `Started ${doneOn.startedAt ? formatIst(doneOn.startedAt) : '—'}; completed ${doneOn.completedAt ? formatIst(doneOn.completedAt) : '—'}`
      : null,
  );
  row('Scheduled', `${installation.scheduledDate} (${installation.scheduledTimeSlot})`);
  row('Team', installation.teamName);
  row('Issues encountered', done.issuesEncountered);
  row('Notes', done.generalNotes);

  if (images.photos.length) {
    heading('Photos');
    const columns = 3;
    const gap = 12;
    const cell = (CONTENT_WIDTH - gap * (columns - 1)) / columns;
    const box = { width: cell, height: cell * 0.75 };
    for (let start = 0; start < images.photos.length; start += columns) {
      ensure(box.height + 40);
      const top = y;
      let bottom = top + box.height;
      images.photos.slice(start, start + columns).forEach((photo, i) => {
        const x = MARGIN + i * (cell + gap);
        doc.rect(x, top, box.width, box.height).fillColor('#f1f4f6').fill();
        if (photo.jpeg) doc.image(photo.jpeg, x, top, { fit: [box.width, box.height], align: 'center', valign: 'center' });
        else write(doc, 'Photo unavailable (the original is in the pack)', x + 8, top + box.height / 2 - 8, box.width - 16, { color: MUTED, size: 8, align: 'center' });
        const captionEnd = write(doc, `${photo.section}: ${orDash(photo.caption)}`, x, top + box.height + 4, box.width, { size: 8.5 });
        const timeEnd = write(doc, formatIst(photo.takenAt), x, captionEnd, box.width, { size: 8, color: MUTED });
        bottom = Math.max(bottom, timeEnd);
      });
      y = bottom + 10;
    }
  }

  heading('Customer signature');
  const sig = { width: 230, height: 100 };
  ensure(sig.height + 40);
  doc.rect(MARGIN, y, sig.width, sig.height).lineWidth(0.8).strokeColor(MUTED).stroke();
  if (images.signature) {
    try {
      doc.image(images.signature, MARGIN + 6, y + 6, { fit: [sig.width - 12, sig.height - 12], align: 'center', valign: 'center' });
    } catch (error) {
      const storageKey = summary.signature?.storageKey;
      throw new ClosurePackError('CLOSURE_PACK_FILE_UNREADABLE', `The customer signature ${storageKey} could not be drawn into summary.pdf`, { cause: error, storageKey });
    }
  } else {
    write(doc, 'No signature.', MARGIN + 10, y + sig.height / 2 - 6, sig.width - 20, { color: MUTED, align: 'center' });
  }
  const sigRight = MARGIN + sig.width + 16;
  const nameEnd = write(doc, lead.customerName, sigRight, y + 30, CONTENT_WIDTH - sig.width - 16, { size: 11, bold: true });
  write(doc, `Signed ${formatIst(done.submittedAt)}`, sigRight, nameEnd + 2, CONTENT_WIDTH - sig.width - 16, { color: MUTED });
  y += sig.height + 10;

  heading('Timeline');
  const col = { at: 92, label: 200 };
  const byWidth = CONTENT_WIDTH - col.at - col.label;
  if (!summary.timeline.length) row('Events', 'None');
  for (const entry of summary.timeline) {
    const what = entry.detail ? `${entry.label} (${entry.detail})` : entry.label;
    const height = Math.max(heightOf(doc, what, col.label - 8, 9), heightOf(doc, entry.actorName, byWidth, 9)) + 6;
    ensure(height);
    write(doc, formatIst(entry.at), MARGIN, y + 3, col.at - 6, { size: 8.5, color: MUTED });
    const a = write(doc, what, MARGIN + col.at, y + 3, col.label - 8, { size: 9 });
    const b = write(doc, entry.actorName, MARGIN + col.at + col.label, y + 3, byWidth, { size: 9, color: MUTED });
    y = Math.max(y + height, a + 3, b + 3);
  }

  // The footer of every page, drawn once the page count is known.
  // Opened once: every footer draws the same image XObject.
  const qr = images.qrCode ? (doc as Doc & { openImage(src: Buffer): Buffer }).openImage(images.qrCode) : null;
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    doc.page.margins.bottom = 0; // footer text below the content area must not open a new page
    const top = PAGE.height - FOOTER_HEIGHT;
    doc.moveTo(MARGIN, top).lineTo(PAGE.width - MARGIN, top).lineWidth(0.5).strokeColor(RULE).stroke();
    const textWidth = CONTENT_WIDTH - (qr ? 52 : 0);
    write(doc, `Page ${i - range.start + 1} of ${range.count}`, MARGIN, top + 8, textWidth, { size: 8.5, bold: true, color: MUTED });
    write(doc, `Closure pack ${summary.packId} · generated ${formatIst(summary.generatedAt)}`, MARGIN, top + 20, textWidth, { size: 8, color: MUTED });
    if (summary.verifyUrl) write(doc, `Verify: ${summary.verifyUrl}`, MARGIN, top + 31, textWidth, { size: 7, color: MUTED });
    if (qr) doc.image(qr, PAGE.width - MARGIN - 44, top + 6, { width: 44, height: 44 });
  }
  doc.flushPages();
  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
