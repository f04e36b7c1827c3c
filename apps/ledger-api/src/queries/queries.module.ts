import { Module } from '@nestjs/common';
import { CityQueriesController } from './city-queries.controller';
import { ReadSide } from './read-side.service';
import { StreamController } from './stream.controller';
import { SubjectQueriesController } from './subject-queries.controller';

/**
 * The read side: the projection runner and its read models (`@ledger/projections`), every query
 * route of DESIGN.md, and the live stream. Reads are open to every authenticated role.
 */
@Module({
  controllers: [CityQueriesController, SubjectQueriesController, StreamController],
  providers: [ReadSide],
  exports: [ReadSide],
})
export class QueriesModule {}
