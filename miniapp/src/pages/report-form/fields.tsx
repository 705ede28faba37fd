import { useState, type ReactNode } from 'react';
import { DatePicker, Input, Picker, Selector, TextArea } from 'antd-mobile';
import { limits } from '../../../../server/reports/stages.ts';
import { formatWanyuan } from '../../common/format.ts';
import type { FieldSpec } from '../../common/field-specs.ts';
import { parseYuan } from './values.ts';

export interface FieldProps {
  name: string;
  spec: FieldSpec;
  value: string;
  onChange: (value: string) => void;
  /** Message shown under the field, or undefined when there is none. */
  error: string | undefined;
  disabled: boolean;
  /** Earliest and latest day the date picker offers. */
  dateRange: { min: Date; max: Date };
}

const fieldId = (name: string): string => `field-${name}`;

function FieldRow({ name, spec, error, hint, children }: { name: string; spec: FieldSpec; error: string | undefined; hint?: ReactNode; children: ReactNode }): ReactNode {
  return (
    <div className={error === undefined ? 'jdt-field' : 'jdt-field jdt-field--error'} data-field={name}>
      <label className="jdt-field__label" htmlFor={fieldId(name)}>
        {spec.label}
        {spec.required ? <span className="jdt-field__required">*</span> : <span className="jdt-field__optional">（选填）</span>}
      </label>
      {children}
      {hint !== undefined && <div className="jdt-field__hint">{hint}</div>}
      {error !== undefined && (
        <div className="jdt-field__error" id={`${fieldId(name)}-error`}>
          {error}
        </div>
      )}
    </div>
  );
}

function WithUnit({ unit, children }: { unit: string; children: ReactNode }): ReactNode {
  return (
    <div className="jdt-field__with-unit">
      {children}
      <span className="jdt-field__unit">{unit}</span>
    </div>
  );
}

/** Formats a Date from the picker as YYYY-MM-DD by its calendar fields; no time zone is involved. */
function toDateText(date: Date): string {
  const pad = (value: number): string => String(value).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

function fromDateText(text: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return null;
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
}

const dateUnits: Record<string, string> = { year: '年', month: '月', day: '日' };

/** Labels the picker's wheels as a Chinese date is written: 2022年 9月 5日. */
const dateLabel = (type: string, value: number): string => `${value}${dateUnits[type] ?? ''}`;

function DateControl({ name, value, onChange, disabled, dateRange, spec }: FieldProps): ReactNode {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button type="button" id={fieldId(name)} className="jdt-field__picker" disabled={disabled} onClick={() => setOpen(true)}>
        {value === '' ? <span className="jdt-field__placeholder">请选择日期</span> : value}
      </button>
      <DatePicker
        title={spec.label}
        visible={open}
        value={fromDateText(value)}
        min={dateRange.min}
        max={dateRange.max}
        precision="day"
        renderLabel={dateLabel}
        mouseWheel
        onClose={() => setOpen(false)}
        onConfirm={(date) => onChange(toDateText(date))}
      />
    </>
  );
}

function PickerControl({ name, value, onChange, disabled, spec }: FieldProps): ReactNode {
  const [open, setOpen] = useState(false);
  const options = spec.options ?? [];
  return (
    <>
      <button type="button" id={fieldId(name)} className="jdt-field__picker" disabled={disabled} onClick={() => setOpen(true)}>
        {value === '' ? <span className="jdt-field__placeholder">请选择</span> : value}
      </button>
      <Picker
        title={spec.label}
        columns={[options.map((option) => ({ label: option, value: option }))]}
        visible={open}
        value={value === '' ? [] : [value]}
        mouseWheel
        onClose={() => setOpen(false)}
        onConfirm={([selected]) => onChange(typeof selected === 'string' ? selected : '')}
      />
    </>
  );
}

/** Maximum number of options shown as buttons. Longer lists open a picker. */
const maxSelectorOptions = 4;

function ChoiceControl(props: FieldProps): ReactNode {
  const options = props.spec.options ?? [];
  if (options.length > maxSelectorOptions) return <PickerControl {...props} />;
  return (
    <div id={fieldId(props.name)} role="group" aria-label={props.spec.label}>
      <Selector
        columns={options.length}
        options={options.map((option) => ({ label: option, value: option }))}
        value={props.value === '' ? [] : [props.value]}
        disabled={props.disabled}
        showCheckMark={false}
        onChange={([selected]) => props.onChange(selected ?? '')}
      />
    </div>
  );
}

/** Shows an amount typed in 元 also in 万元, the unit of the plan table, so a wrong digit is easy to notice. */
function amountHint(text: string): string | undefined {
  if (text.trim() === '') return undefined;
  const amount = parseYuan(text);
  return amount.ok ? `合 ${formatWanyuan(amount.fen)} 万元` : undefined;
}

/** Renders one field of the report form with its label and message, by the field's kind. */
export function Field(props: FieldProps): ReactNode {
  const { name, spec, value, onChange, error, disabled } = props;
  const common = {
    id: fieldId(name),
    value,
    onChange,
    disabled,
    placeholder: spec.placeholder ?? (spec.kind === 'amount' ? '0.00' : '请填写'),
    'aria-invalid': error !== undefined,
  };

  switch (spec.kind) {
    case 'text':
      return (
        <FieldRow name={name} spec={spec} error={error}>
          <Input {...common} maxLength={limits.shortText} clearable />
        </FieldRow>
      );
    case 'longText':
      return (
        <FieldRow name={name} spec={spec} error={error}>
          <TextArea {...common} maxLength={limits.longText} showCount autoSize={{ minRows: 2, maxRows: 6 }} />
        </FieldRow>
      );
    case 'amount':
      return (
        <FieldRow name={name} spec={spec} error={error} hint={amountHint(value)}>
          <WithUnit unit="元">
            <Input {...common} inputMode="decimal" />
          </WithUnit>
        </FieldRow>
      );
    case 'number':
      return (
        <FieldRow name={name} spec={spec} error={error}>
          <WithUnit unit="分">
            <Input {...common} inputMode="decimal" />
          </WithUnit>
        </FieldRow>
      );
    case 'percent':
      return (
        <FieldRow name={name} spec={spec} error={error}>
          <WithUnit unit="%">
            <Input {...common} inputMode="numeric" />
          </WithUnit>
        </FieldRow>
      );
    case 'date':
      return (
        <FieldRow name={name} spec={spec} error={error}>
          <DateControl {...props} />
        </FieldRow>
      );
    case 'choice':
      return (
        <FieldRow name={name} spec={spec} error={error}>
          <ChoiceControl {...props} />
        </FieldRow>
      );
  }
}
