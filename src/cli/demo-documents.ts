import { encodeJpeg, encodePng, renderDemoBill, sitePhotoPainter } from './demo-files.js';

/** What the documents part of the demo needs from the demo's HTTP client (see DemoApi in demo.ts). */
export interface DemoDocumentsCaller {
  call<T>(method: string, path: string, init: { expect: number; token?: string; apiKey?: string; form?: FormData }): Promise<T>;
}

/** The lead fields the demo bill shows. */
export interface DemoDocumentLead {
  id: string;
  customerName: string;
  addressLine1: string;
  city: string;
  state: string;
  pincode: string;
}

/** What the documents part of a demo run did. */
export interface DemoDocumentSummary {
  /** Documents uploaded, all kinds. */
  uploaded: number;
  /** Electricity bills (PDF), uploaded with the OEMs' API keys. */
  bills: number;
  /** Location photos (JPEG or PNG), uploaded by Central Ops. */
  photos: number;
  bytes: number;
  /** Leads the server moved documents_pending → documents_received because the uploads completed their set. */
  movedToReceived: number;
}

/** An empty summary to count into. */
export function emptyDocumentSummary(): DemoDocumentSummary {
  return { uploaded: 0, bills: 0, photos: 0, bytes: 0, movedToReceived: 0 };
}

/**
 * Uploads a lead's documents as the workflow collects them (issue #3, DESIGN §5): the customer's
 * electricity bill, a generated PDF, with the OEM's API key; when `complete`, one or two location
 * photos (generated JPEG and PNG) as Central Ops — after which the server itself moves a lead in
 * documents_pending to documents_received. Counts into `summary`.
 * @returns the lead's status after the uploads, as the server reports it
 * @throws whatever `api.call` throws on an unexpected answer
 */
export async function uploadDemoDocuments(
  api: DemoDocumentsCaller,
  lead: DemoDocumentLead,
  options: { oemApiKey: string; asOps: string; complete: boolean; summary: DemoDocumentSummary },
): Promise<string> {
  const { summary } = options;
  const own = Number.parseInt(lead.id.slice(0, 8), 16); // varies the pictures and figures per lead
  const bill = await renderDemoBill({
    customerName: lead.customerName,
    addressLine: lead.addressLine1,
    city: lead.city,
    state: lead.state,
    pincode: lead.pincode,
    sanctionedLoadKw: [3, 5, 7, 10][own % 4],
    units: 120 + ((own * 37) % 480),
    seed: own,
  });
  const path = `/leads/${lead.id}/documents`;
  await api.call('POST', path, { expect: 201, apiKey: options.oemApiKey, form: documentForm('electricity_bill', bill, 'electricity-bill.pdf', 'Latest bill, shared by the customer') });
  summary.uploaded += 1;
  summary.bills += 1;
  summary.bytes += bill.length;
  if (!options.complete) return (await api.call<{ status: string }>('GET', `/leads/${lead.id}`, { expect: 200, token: options.asOps })).status;

  const photos = [{ name: 'parking-spot.jpg', bytes: encodeJpeg(640, 480, sitePhotoPainter(640, 480, own)) }];
  if (own % 2) photos.push({ name: 'meter-board.png', bytes: encodePng(320, 240, sitePhotoPainter(320, 240, own + 7919)) });
  for (const photo of photos) {
    await api.call('POST', path, { expect: 201, token: options.asOps, form: documentForm('location_photo', photo.bytes, photo.name, 'Taken on the intro call') });
    summary.uploaded += 1;
    summary.photos += 1;
    summary.bytes += photo.bytes.length;
  }
  const { status } = await api.call<{ status: string }>('GET', `/leads/${lead.id}`, { expect: 200, token: options.asOps });
  if (status === 'documents_received') summary.movedToReceived += 1;
  return status;
}

function documentForm(documentType: string, bytes: Buffer, fileName: string, notes: string): FormData {
  const form = new FormData();
  form.append('documentType', documentType);
  form.append('notes', notes);
  // The type the server stores is sniffed from the bytes; this one is what a browser would send.
  form.append('file', new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }), fileName);
  return form;
}
