/**
 * Strings of the lead workflow (documents, scheduling, approvals, closure: `flow.*`) and of the
 * field technician's job screens (`tech.*`), merged into the dictionaries of `../i18n.ts`. English
 * is complete; Hindi covers every technician screen (issue 17 item 9) and the media strings it shows.
 */

export const workflowEn = {
  flow: {
    navCalendar: 'Calendar', calendar: 'Team calendar', newLead: 'New lead', createLead: 'Create lead',
    addressLine1: 'Address line 1', addressLine2: 'Address line 2', externalRef: 'External reference',
    defaultSource: 'Default source', noOems: 'There is no active OEM account yet; an admin creates one first.',
    chooseOem: 'Choose the OEM…', oemRequired: 'Choose the OEM this lead belongs to.',
    filters: { oem: 'OEM', source: 'Source', tag: 'Tag', assignedToMe: 'Assigned to me', any: 'Any', sla: 'SLA', due: 'due {{due}}', statusChips: 'Status', count: '{{status}} ({{count}})' },
    previousWeek: 'Previous week', thisWeek: 'This week', nextWeek: 'Next week', weekOf: '{{from}} – {{to}}',
    calendarOf: 'Week of team {{team}}', slot: 'Slot', bookedSlot: 'Booked {{date}} {{slot}}', past: 'past', free: 'free', chosen: 'chosen',
    freeSlot: 'Free {{date}} {{slot}}', booked: { survey: 'survey', installation: 'installation' },
    team: 'Team', backupTeam: 'Backup team', noBackup: 'No backup team', noTeams: 'No active team in {{city}}.',
    picked: 'Chosen: {{date}}, {{slot}}',
    slotTaken: 'Slot just taken',
    slotTakenDetail: 'Someone booked this slot a moment ago. The calendar has been refreshed: pick another free slot.',
    documents: 'Documents', noDocuments: 'No documents yet.', documentTypeLabel: 'Document type', file: 'File', uploaded: 'Uploaded',
    documentType: { electricity_bill: 'Electricity bill', location_photo: 'Location photo', electrician_contact: 'Electrician contact', other: 'Other' },
    delete: 'Delete', deleteOf: 'Delete {{name}}', confirmDelete: 'Really delete?', confirmDeleteOf: 'Really delete {{name}}',
    preview: 'Preview', previewOf: 'Preview {{name}}', download: 'Download', downloadOf: 'Download {{name}}',
    upload: 'Upload a document', documentNotes: 'Notes (optional)', dropzone: 'Drop a file to upload',
    documentFile: 'Document file', dropHere: 'Drag a file here, or click to choose one (PDF, JPEG, PNG, HEIC; up to 10 MB).',
    uploading: 'Uploading…', uploadFailed: 'Upload failed', uploadedOk: 'Uploaded.',
    noPhotos: 'No photos yet.', openPhoto: 'Open photo {{name}}', video: 'Video {{name}}',
    yes: 'yes', no: 'no', primary: 'Primary: {{team}}', backup: 'Backup: {{team}}',
    remove: 'Remove', removeTeam: 'Remove {{team}}', otherTeam: 'Another team', makePrimary: 'Make primary', makeBackup: 'Make backup',
    assignment: { assigned: 'waiting for an answer', accepted: 'accepted', declined: 'declined', completed: 'completed', cancelled: 'cancelled' },
    jobConflict: 'This job was changed by someone else. It has been reloaded; check and try again.',
    survey: 'Site survey', surveyNotYet: 'A survey can be scheduled once the documents are received.',
    scheduleSurvey: 'Schedule survey', pickSlot: 'Pick a free slot of a team in {{city}}.', confirmSurvey: 'Book survey',
    surveyStatus: 'Survey status', when: '{{date}}, {{slot}}', closingReason: 'Reason: {{reason}}',
    surveyReport: 'Survey report', surveyPhotos: 'Survey photos', approvalNotes: 'Approval notes (optional)',
    approveSurvey: 'Approve survey', rejectSurvey: 'Reject survey', rejectReason: 'Why is it rejected?', confirmReject: 'Reject',
    installation: 'Installation', planInstallation: 'Plan installation', confirmInstallation: 'Book installation',
    installationStatus: 'Installation status', readiness: 'Readiness', materialReady: 'Materials ready',
    materialOrdered: 'Materials ordered', markMaterialReady: 'Materials arrived', customerConfirmed: 'Customer confirmed the date',
    primaryAccepted: 'Primary team accepted', confirmReady: 'Confirm installation',
    installationReport: 'Installation report', signed: 'signed', installationPhotos: 'Installation photos',
    generatePack: 'Generate closure pack', downloadPack: 'Download closure pack', downloadFailed: 'The download failed: {{detail}}',
    customerSignature: "Customer's signature", signatureFailed: 'The signature could not be shown: {{detail}}', moreTeams: 'More teams',
    reschedule: 'Reschedule', rescheduleReason: 'Why (for the timeline)', confirmReschedule: 'Move to this slot',
    cancelJob: 'Cancel this job', cancelReason: 'Why is it cancelled?', confirmCancel: 'Cancel it',
  },
  tech: {
    back: 'My jobs', open: 'Open job', today: 'Today', tomorrow: 'Tomorrow', photos: 'Photos', takePhoto: 'Take a photo', photosSent: 'Photos sent',
    photoSending: 'Sending {{name}}…', photoFailed: '{{name}} was not sent.', retry: 'Send again', discard: 'Discard',
    offline: 'No connection to ChargeOps (poor signal?). Nothing is lost: try again.',
    changed: 'This job changed; it has been reloaded — check and send again.',
    backupOnly: 'Your team is the backup for this job: the primary team does the work.',
    submitFailed: 'Not sent', reportSent: 'Report sent {{at}}.', choose: 'Choose…',
    parking: { covered: 'Covered', open: 'Open', basement: 'Basement', street: 'Street' },
    phase: { single: 'Single phase', three: 'Three phase' },
    /** A survey's or installation's status on the job card (`SurveyStatus`, `InstallationStatus`). */
    status: {
      scheduled: 'scheduled', in_progress: 'in progress', rescheduled: 'rescheduled', submitted: 'submitted', approved: 'approved',
      rejected: 'rejected', cancelled: 'cancelled', planned: 'planned', material_pending: 'material pending', material_ready: 'material ready',
      confirmed: 'confirmed', completed: 'completed', report_submitted: 'report submitted', closed: 'closed',
    },
    survey: {
      heading: 'Survey report', parkingType: 'Parking', supplyPhase: 'Supply', sanctionedLoadKw: 'Sanctioned load (kW)',
      earthingAvailable: 'Earthing available', meterToChargerDistanceM: 'Meter to charger (m)', cableLengthM: 'Cable length (m)',
      civilWorkRequired: 'Civil work needed', recommendedChargerModel: 'Recommended charger', feasible: 'Installation feasible',
      notes: 'Notes', submit: 'Send survey report',
    },
    install: {
      heading: 'Installation report', chargerModel: 'Charger model', chargerSerialNumber: 'Charger serial number',
      installationSuccessful: 'Installation successful', demoGiven: 'Demo given to the customer', issuesEncountered: 'Issues encountered',
      generalNotes: 'General notes', signature: 'Customer signature', clearSignature: 'Clear signature',
      signatureRequired: 'The customer signs here for a successful installation.', markCompleted: 'Work completed', submit: 'Send installation report',
    },
  },
};

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

export const workflowHi: DeepPartial<typeof workflowEn> = {
  flow: {
    noPhotos: 'अभी कोई फ़ोटो नहीं।', openPhoto: 'फ़ोटो {{name}} खोलें', video: 'वीडियो {{name}}',
    downloadFailed: 'डाउनलोड नहीं हो सका: {{detail}}',
  },
  tech: {
    back: 'मेरे काम', open: 'काम खोलें', today: 'आज', tomorrow: 'कल', photos: 'फ़ोटो', takePhoto: 'फ़ोटो लें', photosSent: 'भेजी गई फ़ोटो',
    photoSending: '{{name}} भेजी जा रही है…', photoFailed: '{{name}} नहीं भेजी जा सकी।', retry: 'फिर से भेजें', discard: 'हटाएँ',
    offline: 'ChargeOps से कनेक्शन नहीं है (कमज़ोर सिग्नल?)। कुछ भी खोया नहीं: फिर से कोशिश करें।',
    changed: 'यह काम बदल गया है; इसे फिर से लोड किया गया है — जाँचें और फिर से भेजें।',
    backupOnly: 'आपकी टीम इस काम की बैकअप टीम है: काम प्राइमरी टीम करती है।',
    submitFailed: 'नहीं भेजा गया', reportSent: 'रिपोर्ट भेजी गई {{at}}।', choose: 'चुनें…',
    parking: { covered: 'ढकी हुई', open: 'खुली', basement: 'बेसमेंट', street: 'सड़क' },
    phase: { single: 'सिंगल फ़ेज़', three: 'थ्री फ़ेज़' },
    status: {
      scheduled: 'तय है', in_progress: 'काम जारी', rescheduled: 'नई तारीख़ तय', submitted: 'रिपोर्ट भेजी गई', approved: 'मंज़ूर',
      rejected: 'नामंज़ूर', cancelled: 'रद्द', planned: 'योजना बनी', material_pending: 'सामान का इंतज़ार', material_ready: 'सामान तैयार',
      confirmed: 'पक्का', completed: 'पूरा हुआ', report_submitted: 'रिपोर्ट भेजी गई', closed: 'बंद',
    },
    survey: {
      heading: 'सर्वे रिपोर्ट', parkingType: 'पार्किंग', supplyPhase: 'सप्लाई', sanctionedLoadKw: 'स्वीकृत लोड (kW)',
      earthingAvailable: 'अर्थिंग उपलब्ध है', meterToChargerDistanceM: 'मीटर से चार्जर (मी)', cableLengthM: 'केबल की लंबाई (मी)',
      civilWorkRequired: 'सिविल काम चाहिए', recommendedChargerModel: 'सुझाया गया चार्जर', feasible: 'इंस्टॉलेशन संभव है',
      notes: 'टिप्पणी', submit: 'सर्वे रिपोर्ट भेजें',
    },
    install: {
      heading: 'इंस्टॉलेशन रिपोर्ट', chargerModel: 'चार्जर मॉडल', chargerSerialNumber: 'चार्जर सीरियल नंबर',
      installationSuccessful: 'इंस्टॉलेशन सफल रहा', demoGiven: 'ग्राहक को डेमो दिया', issuesEncountered: 'आई समस्याएँ',
      generalNotes: 'सामान्य टिप्पणी', signature: 'ग्राहक के हस्ताक्षर', clearSignature: 'हस्ताक्षर मिटाएँ',
      signatureRequired: 'सफल इंस्टॉलेशन के लिए ग्राहक यहाँ हस्ताक्षर करें।', markCompleted: 'काम पूरा हुआ', submit: 'इंस्टॉलेशन रिपोर्ट भेजें',
    },
  },
};
