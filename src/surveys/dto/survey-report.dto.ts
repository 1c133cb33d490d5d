import { ApiProperty } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsNotEmpty, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsDecimal, Trim } from '../../common/validators.js';
import { PARKING_TYPES, type ParkingType, SUPPLY_PHASES, type SupplyPhase, type SurveyReport } from '../entities/survey-report.entity.js';

/** `PUT /surveys/{id}/report` (DESIGN §4 SurveyReport): every field but `notes` is required; units are in the names. */
export class SurveyReportDto {
  @ApiProperty({ enum: PARKING_TYPES, enumName: 'ParkingType' })
  @IsIn(PARKING_TYPES)
  parkingType!: ParkingType;

  @ApiProperty({ enum: SUPPLY_PHASES, enumName: 'SupplyPhase' })
  @IsIn(SUPPLY_PHASES)
  supplyPhase!: SupplyPhase;

  /** Sanctioned load of the connection in kW, 0.5–100, at most two decimals (from the electricity bill). */
  @ApiProperty({ minimum: 0.5, maximum: 100, example: 7.5 })
  @IsDecimal(2)
  @Min(0.5)
  @Max(100)
  sanctionedLoadKw!: number;

  @IsBoolean()
  earthingAvailable!: boolean;

  /** Distance from the meter to the charger position in metres, 0–500, at most one decimal. */
  @ApiProperty({ minimum: 0, maximum: 500, example: 12.5 })
  @IsDecimal(1)
  @Min(0)
  @Max(500)
  meterToChargerDistanceM!: number;

  /** Cable the installation needs in metres, 0–500, at most one decimal. */
  @ApiProperty({ minimum: 0, maximum: 500, example: 15 })
  @IsDecimal(1)
  @Min(0)
  @Max(500)
  cableLengthM!: number;

  @IsBoolean()
  civilWorkRequired!: boolean;

  /** e.g. `7.4 kW AC Wallbox`. */
  @Trim()
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  recommendedChargerModel!: string;

  /** Whether a home charger can be installed at the site. */
  @IsBoolean()
  feasible!: boolean;

  @IsOptional()
  @IsString()
  @MaxLength(4000)
  notes?: string;
}

/** The submitted report as answers show it (units in the names: kW, metres). */
export class SurveyReportResponseDto {
  @ApiProperty({ enum: PARKING_TYPES, enumName: 'ParkingType' })
  parkingType!: ParkingType;
  @ApiProperty({ enum: SUPPLY_PHASES, enumName: 'SupplyPhase' })
  supplyPhase!: SupplyPhase;
  /** kW. */
  sanctionedLoadKw!: number;
  earthingAvailable!: boolean;
  /** Metres. */
  meterToChargerDistanceM!: number;
  /** Metres. */
  cableLengthM!: number;
  civilWorkRequired!: boolean;
  recommendedChargerModel!: string;
  feasible!: boolean;
  notes!: string;
  @ApiProperty({ format: 'uuid' })
  submittedById!: string;
  submittedAt!: Date;
}

/** Maps a report row to its response. */
export function toSurveyReportResponse(report: SurveyReport): SurveyReportResponseDto {
  return {
    parkingType: report.parkingType,
    supplyPhase: report.supplyPhase,
    sanctionedLoadKw: report.sanctionedLoadKw,
    earthingAvailable: report.earthingAvailable,
    meterToChargerDistanceM: report.meterToChargerDistanceM,
    cableLengthM: report.cableLengthM,
    civilWorkRequired: report.civilWorkRequired,
    recommendedChargerModel: report.recommendedChargerModel,
    feasible: report.feasible,
    notes: report.notes,
    submittedById: report.submittedById,
    submittedAt: report.submittedAt,
  };
}
