import PDFDocument from 'pdfkit';
import type { ClosurePackSummary } from './closure-pack-builder.js';
import { ClosurePackError } from './closure-pack-error.js';

/** India has kept UTC+05:30 without daylight saving since 1945, so a fixed offset is Asia/Kolkata. */
const IST_OFFSET_MS = 330 * 60 * 1000;

/** `2026-11-21 14:05 IST`. */
export function formatIst(at: Date): string {
  return `${new Date(at.getTime() + IST_OFFSET_MS).toISOString().slice(0, 16).replace('T', ' ')} IST`;
}

/** What Helvetica's WinAnsiEncoding draws besides printable Latin-1 (pdfkit maps these code points itself). */
const WIN_ANSI_EXTRA = new Set('€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ');
const isDrawable = (c: string) => {
  const code = c.codePointAt(0)!;
  return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(c);
};
const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/**
 * `text` as the standard Helvetica font can draw it. The 14 standard PDF fonts cover only
 * WinAnsiEncoding (about Latin-1), and pdfkit writes any other character as a broken glyph code,
 * so: accented letters outside it lose their accent (ś → s), everything else (Devanagari, emoji)
 * becomes one `?` per character as the reader sees it, ₹ becomes `Rs.`. Embedding a Unicode font
 * would draw Hindi names but ships a font file with the code; the original spelling stays in the
 * database and the OEM's own records.
 */
export function drawableText(text: string): string {
  let out = '';
  for (const { segment } of graphemes.segment(text.replace(/\r\n?/g, '\n').replace(/\t/g, ' '))) {
    if (segment === '\n' || [...segment].every(isDrawable)) out += segment;
    else if (segment === '₹') out += 'Rs.';
    else {
      const base = segment.normalize('NFKD').replace(/\p{M}/gu, '');
      out += base && [...base].every(isDrawable) ? base : '?';
    }
  }
  return out;
}

const yesNo = (value: boolean) => (value ? 'yes' : 'no');
const orDash = (value: string | null | undefined) => (value?.trim() ? value : '-');

/**
 * summary.pdf: A4, standard Helvetica; lead and customer, survey, installation, the customer's
 * signature and the timeline, times in IST. Text flows, so pdfkit breaks pages as needed.
 */
export async function renderSummaryPdf(summary: ClosurePackSummary, signature: Buffer | null): Promise<Buffer> {
  const { lead, survey, installation } = summary;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    info: { Title: `Closure pack ${installation.installationId}`, Author: 'ChargeOps', CreationDate: summary.generatedAt },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const ended = new Promise<void>((resolve, reject) => {
    doc.once('end', resolve);
    doc.once('error', reject);
  });

  const heading = (title: string) => {
    doc.moveDown(1).font('Helvetica-Bold').fontSize(13).fillColor('#000').text(title);
    doc.moveDown(0.3).font('Helvetica').fontSize(10);
  };
  // One flowing paragraph per field: a long value wraps and breaks pages like any text.
  const field = (label: string, value: string | null) => {
    doc.font('Helvetica-Bold').text(`${label}: `, { continued: true }).font('Helvetica').text(drawableText(orDash(value)));
  };

  doc.font('Helvetica-Bold').fontSize(18).text(drawableText(`Closure pack ${installation.installationId}`));
  doc.font('Helvetica').fontSize(10).fillColor('#555').text(`Generated ${formatIst(summary.generatedAt)} by ChargeOps`);

  heading('Lead & customer');
  field('Customer', lead.customerName);
  field('Phone', lead.customerPhone);
  field('Email', lead.customerEmail);
  field('Address', [lead.addressLine1, lead.addressLine2, lead.city, `${lead.state} ${lead.pincode}`].filter((part) => part?.trim()).join(', '));
  field('OEM', lead.oemName);
  field('OEM reference', lead.externalRef);
  field('Lead', `${lead.id}, created ${formatIst(lead.createdAt)}`);

  heading('Survey');
  field('Survey', survey.surveyId);
  field('Scheduled', `${survey.scheduledDate}, slot ${survey.scheduledTimeSlot}`);
  const report = survey.report;
  if (report) {
    field('Parking', report.parkingType);
    field('Supply phase', report.supplyPhase);
    field('Sanctioned load', `${report.sanctionedLoadKw} kW`);
    field('Earthing available', yesNo(report.earthingAvailable));
    field('Meter to charger distance', `${report.meterToChargerDistanceM} m`);
    field('Cable length', `${report.cableLengthM} m`);
    field('Civil work required', yesNo(report.civilWorkRequired));
    field('Recommended charger', report.recommendedChargerModel);
    field('Feasible', yesNo(report.feasible));
    field('Notes', report.notes);
    field('Submitted', `${report.submittedBy}, ${formatIst(report.submittedAt)}`);
  } else {
    doc.text('No survey report was submitted.');
  }

  heading('Installation');
  const done = installation.report;
  field('Installation', installation.installationId);
  field('Scheduled', `${installation.scheduledDate}, slot ${installation.scheduledTimeSlot}`);
  field('Team', installation.teamName);
  field('Charger serial number', done.chargerSerialNumber);
  field('Charger model', done.chargerModel);
  field('Installation successful', yesNo(done.installationSuccessful));
  field('Demo given', yesNo(done.demoGiven));
  field('Issues encountered', done.issuesEncountered);
  field('Notes', done.generalNotes);
  field('Submitted', `${done.submittedBy}, ${formatIst(done.submittedAt)}`);

  heading('Customer signature');
  if (signature) {
    const box: [number, number] = [200, 100];
    // pdfkit breaks pages for text only: an image that does not fit goes to the next page itself.
    if (doc.y + box[1] > doc.page.height - doc.page.margins.bottom) doc.addPage();
    try {
      doc.image(signature, { fit: box });
    } catch (error) {
      const storageKey = summary.signature?.storageKey;
      throw new ClosurePackError('CLOSURE_PACK_FILE_UNREADABLE', `The customer signature ${storageKey} could not be drawn into summary.pdf`, { cause: error, storageKey });
    }
  } else {
    doc.text('No signature.');
  }

  heading('Timeline');
  doc.fontSize(9);
  if (!summary.timeline.length) doc.text('No events.');
  for (const event of summary.timeline) {
    const parts = [formatIst(event.at), event.type];
    if (event.fromStatus || event.toStatus) parts.push(`${event.fromStatus ?? '-'} -> ${event.toStatus ?? '-'}`);
    if (event.actor) parts.push(`by ${event.actor}`);
    if (event.detail) parts.push(event.detail);
    doc.text(drawableText(parts.join('  |  ')), { paragraphGap: 2 });
  }

  doc.end();
  await ended;
  return Buffer.concat(chunks);
}
