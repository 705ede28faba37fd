import test from 'ava';
import { reportReviewedCard } from '../../bot/messages/report-reviewed.ts';

test('a reason too long for the card is cut with a pointer', (t) => {
  const card = reportReviewedCard(
    {
      projectSeq: 2,
      projectName: '舟山市基层公权力大数据监督应用'.repeat(4),
      stage: 'supervision',
      version: 1,
      decision: 'return',
      reason: '请补充监理合同盖章页和监理规划。'.repeat(60),
      reviewerName: '方思齐',
    },
    'http://127.0.0.1:3000/app/projects/1',
  );
  t.true(Buffer.byteLength(JSON.stringify(card)) <= 2048);
  t.regex(JSON.stringify(card), /完整内容请在进度通中查看/);
});
