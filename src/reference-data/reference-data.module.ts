import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Pincode } from './entities/pincode.entity.js';
import { PincodeDirectory } from './pincode-directory.service.js';
import { PincodeImporter } from './pincode-importer.service.js';

/**
 * Reference data (DESIGN §8): the India Post pincode directory with its ISO 3166-2:IN state codes,
 * and its importer (`cli import-pincodes`). Leads validate addresses with it, teams their base
 * address; it imports no feature module.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Pincode])],
  providers: [PincodeDirectory, PincodeImporter],
  exports: [PincodeDirectory, PincodeImporter],
})
export class ReferenceDataModule {}
