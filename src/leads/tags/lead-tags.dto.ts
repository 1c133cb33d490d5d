import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsString, Length, Matches } from 'class-validator';

/** Tags are lower-case: sent in any case, they are trimmed and lower-cased first. */
const normalise = ({ value }: { value: unknown }) => (Array.isArray(value) ? value.map((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v)) : value);

/** `PUT /leads/{id}/tags`: the lead's whole set of labels (an empty list removes them all). */
export class SetLeadTagsDto {
  /** At most 20 labels of 1–40 characters each, lower-cased; letters of any script, digits, spaces and `_-.:/`; repeats count once. */
  @IsArray()
  @Transform(normalise)
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  @Matches(/^[\p{L}\p{M}\p{N}_\-.:/]+(?: [\p{L}\p{M}\p{N}_\-.:/]+)*$/u, { each: true, message: 'each tag is letters, digits, single spaces and _-.:/ only' })
  tags!: string[];
}

/** One tag in use and how many leads the caller may see carry it. */
export class TagCountDto {
  tag!: string;
  count!: number;
}
