import { test, expect, expectPagination, echoed, verify } from '../../helpers/test';
import { assessmentSubmitRequest } from '../../fixtures/builders-account-data';
import { assessmentsOfAccount, readAssessment } from '../../fixtures/requests/assessments';

test.describe('Assessments', () => {
  test('A new account has its kyc and credit assessments pending, without responses', { tag: ['@contract', '@smoke'] }, async ({ api, factory }) => {
    const account = await factory.account();
    const list = verify(await api.send('assessments.list', { params: { account_id: account.id } }), { status: 200 });
    const results = list.json.results;
    expect(results.map((a) => a.assessment_type).sort(), 'assessment types of a new account').toEqual(['credit', 'kyc']);
    for (const assessment of results) {
      expect(assessment, `${String(assessment.assessment_type)} assessment of a new account`).toMatchObject({
        account_id: account.id,
        status: 'pending',
        responses: [],
        remarks: null,
        submitted_at: null,
      });
    }
  });

  test(
    'List pages through the assessments of an account: page_size honoured, no duplicates, every assessment listed',
    { tag: '@contract' },
    async ({ api, factory }) => {
      const accountId = (await factory.account()).id;
      const all = await assessmentsOfAccount(api, accountId);
      const ids = all.map((a) => a.id);
      const seen = await expectPagination(api, 'assessments.list', { account_id: accountId }, 1, ids);
      expect(seen.map((a) => a.id).sort(), 'only the account’s own assessments are listed').toEqual([...ids].sort());
    },
  );

  test(
    'Submit records the responses and remarks, and List then shows the assessment submitted',
    { tag: ['@contract', '@smoke'] },
    async ({ api, factory, faker }) => {
      const accountId = (await factory.account()).id;
      const [assessment] = await assessmentsOfAccount(api, accountId);
      const request = assessmentSubmitRequest(faker);
      const submitted = verify(await api.send('assessments.submit', { params: { account_id: accountId, assessment_id: assessment.id }, body: request }), {
        status: 200,
        changedIds: [assessment.id],
      });
      echoed(submitted, request);
      const body = submitted.json;
      expect(body, 'the submitted assessment').toMatchObject({ id: assessment.id, assessment_type: assessment.assessment_type, status: 'submitted' });
      expect(body.submitted_at, 'submitted_at of a submitted assessment').toEqual(expect.any(Number));
      await readAssessment(api, accountId, assessment.id, { ...request, status: 'submitted', submitted_at: body.submitted_at });
    },
  );

  test('Submit of an already submitted assessment is refused with 409 and keeps the first responses', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const accountId = (await factory.account()).id;
    const [assessment] = await assessmentsOfAccount(api, accountId);
    const params = { account_id: accountId, assessment_id: assessment.id };
    const first = verify(await api.send('assessments.submit', { params, body: assessmentSubmitRequest(faker) }), { status: 200 }).json;
    verify(await api.send('assessments.submit', { params, body: assessmentSubmitRequest(faker), purpose: 'conflict' }), { status: 409 });
    await readAssessment(api, accountId, assessment.id, first);
  });

  test('Submit of an assessment of another account answers 404', { tag: '@contract' }, async ({ api, factory, faker }) => {
    const accountId = (await factory.account()).id;
    const [foreign] = await assessmentsOfAccount(api, (await factory.account()).id);
    const refused = await api.send('assessments.submit', {
      params: { account_id: accountId, assessment_id: foreign.id },
      body: assessmentSubmitRequest(faker),
      purpose: 'wrong account',
    });
    verify(refused, { status: 404 });
  });
});
