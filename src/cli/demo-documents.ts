import { type ApiClient, multipart, type Schemas } from '@chargeops/api-client';
import { expectStatus } from './demo-api.js';
import { encodeJpeg, encodePng, renderDemoBill, sitePhotoPainter } from './demo-files.js';

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
 * documents_pending to documents_received. Counts into `summary`. The files go up as
 * `application/octet-stream`, as a browser may send them: the server sniffs the type from the bytes.
 * @param options `asOem` sends the OEM's API key, `asOps` is signed in as Central Ops
 * @returns the lead's status after the uploads, as the server reports it
 * @throws DemoHttpError on an unexpected answer
 */
export async function uploadDemoDocuments(
  lead: DemoDocumentLead,
  options: { asOem: ApiClient; asOps: ApiClient; complete: boolean; summary: DemoDocumentSummary },
): Promise<Schemas['LeadStatus']> {
  const { asOem, asOps, summary } = options;
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
  const params = { path: { id: lead.id } };
  const billFile = { bytes: bill, name: 'electricity-bill.pdf' };
  const notes = 'Latest bill, shared by the customer';
  expectStatus(await asOem.POST('/api/v1/leads/{id}/documents', { params, body: multipart({ documentType: 'electricity_bill', notes, file: billFile }) }), 201);
  summary.uploaded += 1;
  summary.bills += 1;
  summary.bytes += bill.length;
  if (!options.complete) return expectStatus(await asOps.GET('/api/v1/leads/{id}', { params }), 200).status;

  const photos = [{ name: 'parking-spot.jpg', bytes: encodeJpeg(640, 480, sitePhotoPainter(640, 480, own)) }];
  if (own % 2) photos.push({ name: 'meter-board.png', bytes: encodePng(320, 240, sitePhotoPainter(320, 240, own + 7919)) });
  for (const photo of photos) {
    const file = { bytes: photo.bytes, name: photo.name };
    expectStatus(await asOps.POST('/api/v1/leads/{id}/documents', { params, body: multipart({ documentType: 'location_photo', notes: 'Taken on the intro call', file }) }), 201);
    summary.uploaded += 1;
    summary.photos += 1;
    summary.bytes += photo.bytes.length;
  }
  const { status } = expectStatus(await asOps.GET('/api/v1/leads/{id}', { params }), 200);
  if (status === 'documents_received') summary.movedToReceived += 1;
  return status;
}
