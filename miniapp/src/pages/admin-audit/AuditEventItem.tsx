import { useState, type ReactNode } from 'react';
import { Tag } from 'antd-mobile';
import { Link } from 'react-router-dom';
import type { AuditEvent } from '../../api/index.ts';
import { formatBeijingTime } from '../../common/format.ts';
import { fieldChanges } from './field-diff.ts';

/** Shows one event: when, who, what and on which record, with its field changes behind a toggle. */
export function AuditEventItem({ event }: { event: AuditEvent }): ReactNode {
  const [open, setOpen] = useState(false);
  const changes = fieldChanges(event.before, event.after);

  return (
    <li className="jdt-audit-event" data-testid="audit-event">
      <div className="jdt-audit-event__head">
        <Tag color="primary" fill="outline">
          {event.actionLabel}
        </Tag>
        <span className="jdt-audit-event__time">{formatBeijingTime(event.at)}</span>
      </div>
      <div className="jdt-audit-event__line">
        <span className="jdt-audit-event__actor">{event.actor.name}</span>
        <span className="jdt-audit-event__target">{event.target.label}</span>
      </div>
      {event.project !== null && (
        <div className="jdt-audit-event__project">
          {event.project.docNo} · 序号 {event.project.seq} · <Link to={`/admin/projects/${event.project.id}`}>{event.project.name}</Link>
        </div>
      )}
      {changes.length > 0 && (
        <button type="button" className="jdt-audit-event__toggle" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
          {open ? '收起变更' : `查看变更（${changes.length} 项）`}
        </button>
      )}
      {open && (
        <dl className="jdt-audit-diff" data-testid="audit-diff">
          {changes.map((change) => (
            <div key={change.field} className="jdt-audit-diff__row">
              <dt>{change.label}</dt>
              <dd>
                <span className="jdt-audit-diff__before">{change.before}</span>
                <span className="jdt-audit-diff__arrow" aria-label="改为">
                  →
                </span>
                <span className="jdt-audit-diff__after">{change.after}</span>
              </dd>
            </div>
          ))}
        </dl>
      )}
    </li>
  );
}
