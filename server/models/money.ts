import { Schema } from 'mongoose';

/** An amount of money as an integer number of 分 (fen); never a float. */
export const fenField = {
  type: Number,
  required: true,
  default: 0,
  validate: { validator: Number.isSafeInteger, message: '金额必须是整数（分）' },
} as const;

export const investmentSchema = new Schema(
  { total: fenField, special: fenField, other: fenField },
  { _id: false },
);

export const yearInvestmentSchema = new Schema(
  { year: { type: Number, required: true }, total: fenField, special: fenField, other: fenField },
  { _id: false },
);
