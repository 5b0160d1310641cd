import { extractManualText } from '../../bot/rulings/manual-text/extract-manual-text';
import { docxDocument, FIXTURE_DOCX_PARAGRAPHS, FIXTURE_PDF_PAGES, pdfDocument } from '../support/manual-documents';

describe('manual text extraction', () => {
  it('reads a PDF page by page', async () => {
    const outcome = await extractManualText(pdfDocument(FIXTURE_PDF_PAGES), 'kokuho.pdf');
    console.log(JSON.stringify(outcome, null, 1));
  });
  it('reads a docx by heading', async () => {
    const outcome = await extractManualText(docxDocument(FIXTURE_DOCX_PARAGRAPHS), 'hoiku.docx');
    console.log(JSON.stringify(outcome, null, 1));
  });
  it('encrypted', async () => {
    const outcome = await extractManualText(pdfDocument(FIXTURE_PDF_PAGES, { encrypted: true }), 'kokuho.pdf');
    console.log(JSON.stringify(outcome, null, 1));
  });
});
