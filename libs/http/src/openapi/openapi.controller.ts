import { Controller, Get } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags, OpenAPIObject } from '@nestjs/swagger';
import { AnyRole } from '../auth.decorators';
import { ApiErrors } from '../schemas';
import { OpenApiDocument } from './openapi.document';

@ApiTags('meta')
@ApiBearerAuth()
@Controller('api/v1')
export class OpenApiController {
  constructor(private readonly document: OpenApiDocument) {}

  @Get('openapi.json')
  @AnyRole()
  @ApiOperation({ summary: 'This OpenAPI 3 document (any role); also committed as docs/openapi.json' })
  @ApiOkResponse({ description: 'OpenAPI 3.0 document', schema: { type: 'object', additionalProperties: true } })
  @ApiErrors()
  spec(): OpenAPIObject {
    return this.document.get();
  }
}
