import type { ResourceSpec } from '../../../core/types';
import { createTask } from './create';
import { deleteTask } from './delete';
import { getTask } from './get';
import { getManyTasks } from './getMany';
import { pauseTask } from './pause';
import { startTask } from './start';
import { stopTask } from './stop';
import { updateTask } from './update';

export const taskResource: ResourceSpec = {
	value: 'task',
	name: 'Task',
	operations: [createTask, updateTask, startTask, pauseTask, stopTask, deleteTask, getTask, getManyTasks],
};
