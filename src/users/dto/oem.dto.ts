/** An OEM account as a picker shows it: enough to name it and to send its id as `oemId`. */
export class OemSummaryDto {
  /** The OEM user's id, as `oemId` on leads and lead sources. */
  id!: string;

  fullName!: string;
}

/** Maps an OEM user row to its summary. */
export function toOemSummary(user: { id: string; fullName: string }): OemSummaryDto {
  return { id: user.id, fullName: user.fullName };
}
